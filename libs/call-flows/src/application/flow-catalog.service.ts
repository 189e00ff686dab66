import { Inject, Injectable } from '@nestjs/common';
import { FlowRepository } from '../infrastructure/flow.repository';

/** What other contexts may ask about flows: the numbers context checks the flow a number is set to run. */
@Injectable()
export class FlowCatalog {
  constructor(@Inject(FlowRepository) private readonly flows: FlowRepository) {}

  exists(accountId: string, flowId: string): Promise<boolean> {
    return this.flows.exists(accountId, flowId);
  }
}
