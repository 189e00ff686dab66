import { Module } from '@nestjs/common';
import { BusinessHoursService } from './application/business-hours.service';
import { FLOW_REFERENCE_DIRECTORY, FLOW_USAGE, NUMBER_FLOW_BINDING } from './application/call-flows.ports';
import { FlowCatalog } from './application/flow-catalog.service';
import { FlowSimulationService } from './application/flow-simulation.service';
import { FlowValidationService } from './application/flow-validation.service';
import { FlowVersionService } from './application/flow-version.service';
import { FlowService } from './application/flow.service';
import { PublishedFlowLookup } from './application/published-flow-lookup.service';
import { BusinessHoursController } from './http/business-hours.controller';
import { FlowSimulationController } from './http/flow-simulation.controller';
import { FlowVersionsController } from './http/flow-versions.controller';
import { FlowsController } from './http/flows.controller';
import { BusinessHoursRepository } from './infrastructure/business-hours.repository';
import { DatabaseFlowReferenceDirectory } from './infrastructure/flow-reference-directory.adapter';
import { FlowRepository } from './infrastructure/flow.repository';
import { PhoneNumberFlowBindings } from './infrastructure/phone-number-flow-bindings.adapter';

/**
 * Business hours, call flows and their versions. Needs Database and CLOCK from the app; the app's OpenAPI document
 * needs `addCallFlowSchemas`. Exports what calls and the numbers context use: PublishedFlowLookup and FlowCatalog.
 */
@Module({
  controllers: [BusinessHoursController, FlowsController, FlowVersionsController, FlowSimulationController],
  providers: [
    BusinessHoursRepository,
    FlowRepository,
    PhoneNumberFlowBindings,
    { provide: FLOW_USAGE, useExisting: PhoneNumberFlowBindings },
    { provide: NUMBER_FLOW_BINDING, useExisting: PhoneNumberFlowBindings },
    { provide: FLOW_REFERENCE_DIRECTORY, useClass: DatabaseFlowReferenceDirectory },
    PublishedFlowLookup,
    FlowCatalog,
    FlowValidationService,
    BusinessHoursService,
    FlowService,
    FlowVersionService,
    FlowSimulationService,
  ],
  exports: [PublishedFlowLookup, FlowCatalog],
})
export class CallFlowsModule {}
