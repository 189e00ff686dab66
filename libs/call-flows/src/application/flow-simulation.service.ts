import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { type FieldError, ValidationError } from '@switchyard/errors';
import { type TargetAvailability } from '../domain/flow-executor';
import { type FlowDocument } from '../domain/flow-model';
import { type SimulationStep, simulateFlow } from '../domain/flow-simulator';
import { referencedIds, validateFlowEvents } from '../domain/flow-validator';
import { FlowNotPublishedError } from './call-flows.errors';
import { fieldOfPointer, parseInstantField } from './field-errors';
import { FlowService } from './flow.service';
import { FlowValidationService } from './flow-validation.service';
import { type PublishedFlow, PublishedFlowLookup } from './published-flow-lookup.service';

export interface SimulationRequest {
  /** A version of the flow; the current one when neither this nor `draft` is given. */
  readonly versionId?: string;
  /** Simulates the draft, which must then be valid. */
  readonly draft?: boolean;
  /** ISO 8601 instant the call takes place at; now when left out. */
  readonly at?: string;
  readonly from: string;
  readonly to: string;
  /** Unchecked until `validateFlowEvents` has seen them. */
  readonly events: unknown;
  readonly availability?: Readonly<Record<string, unknown>>;
}

export interface SimulationResult {
  /** Null when the draft was simulated. */
  readonly versionId: string | null;
  readonly at: Date;
  readonly steps: readonly SimulationStep[];
}

const availabilities: readonly TargetAvailability[] = ['available', 'busy', 'offline'];

/** Runs a call through a flow without side effects, against the account's schedules as they are now. */
@Injectable()
export class FlowSimulationService {
  constructor(
    @Inject(FlowService) private readonly flows: FlowService,
    @Inject(FlowValidationService) private readonly validation: FlowValidationService,
    @Inject(PublishedFlowLookup) private readonly lookup: PublishedFlowLookup,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async simulate(
    principal: Principal,
    flowId: string,
    request: SimulationRequest,
  ): Promise<SimulationResult> {
    const events = validateFlowEvents(request.events);
    const errors: FieldError[] = events.valid
      ? []
      : events.errors.map(({ path, message }) => ({
          field: fieldOfPointer(path),
          code: 'invalid_event',
          message,
        }));
    const availability = availabilityOf(request.availability ?? {}, errors);
    if (request.draft === true && request.versionId !== undefined) {
      errors.push({
        field: 'versionId',
        code: 'conflicts_with_draft',
        message: 'Give versionId or draft, not both.',
      });
    }
    if (errors.length > 0 || !events.valid) throw new ValidationError(errors);
    const at = request.at === undefined ? this.clock.now() : parseInstantField('at', request.at);

    const { document, schedules, versionId } = await this.flowToRun(principal, flowId, request);
    const steps = simulateFlow(document, {
      at,
      from: request.from,
      to: request.to,
      events: events.events,
      accountId: principal.accountId,
      schedules,
      availability,
    });
    return { versionId, at, steps };
  }

  private async flowToRun(
    principal: Principal,
    flowId: string,
    request: SimulationRequest,
  ): Promise<Pick<PublishedFlow, 'document' | 'schedules'> & { versionId: string | null }> {
    const flow = await this.flows.get(principal, flowId);
    if (request.draft === true) {
      const document: FlowDocument = await this.validation.requireValid(principal.accountId, flow.draft);
      const schedules = await this.lookup.schedulesNamed(
        principal.accountId,
        referencedIds(document).schedules,
      );
      return { document, schedules, versionId: null };
    }
    if (request.versionId !== undefined) {
      const version = await this.lookup.forVersion(principal.accountId, flowId, request.versionId);
      if (!version) {
        throw new ValidationError([
          {
            field: 'versionId',
            code: 'flow_version_not_found',
            message: `No version ${request.versionId} of this flow.`,
          },
        ]);
      }
      return version;
    }
    const current = await this.lookup.forFlow(principal.accountId, flowId);
    if (!current) throw new FlowNotPublishedError();
    return current;
  }
}

function availabilityOf(
  input: Readonly<Record<string, unknown>>,
  errors: FieldError[],
): Record<string, TargetAvailability> {
  const availability: Record<string, TargetAvailability> = {};
  for (const [targetId, value] of Object.entries(input)) {
    const known = availabilities.find((candidate) => candidate === value);
    if (known) availability[targetId] = known;
    else {
      errors.push({
        field: `availability.${targetId}`,
        code: 'invalid_availability',
        message: `must be one of ${availabilities.join(', ')}`,
      });
    }
  }
  return availability;
}
