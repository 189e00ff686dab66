import { ConflictError, DomainError, type FieldError } from '@switchyard/errors';
import { type NumberUsingFlow } from './call-flows.ports';

/** A field error about a flow document, naming the node it concerns when there is one. */
export interface FlowFieldError extends FieldError {
  readonly nodeId?: string;
}

export class FlowInvalidError extends DomainError {
  constructor(fieldErrors: readonly FlowFieldError[]) {
    super('unprocessable', 'flow_invalid', 'The flow is not valid; see errors.', { fieldErrors });
  }
}

export class FlowInUseError extends ConflictError {
  constructor(numbers: readonly NumberUsingFlow[]) {
    const listed = numbers.map((number) => number.phoneNumber).join(', ');
    super('flow_in_use', `Numbers still use this flow: ${listed}.`, { numbers });
  }
}

export class FlowNotPublishedError extends ConflictError {
  constructor() {
    super('flow_not_published', 'The flow has no published version yet.');
  }
}

export class BusinessHoursInUseError extends ConflictError {
  constructor(flows: readonly { id: string; name: string }[]) {
    const listed = flows.map((flow) => flow.name).join(', ');
    super('business_hours_in_use', `Published flows check this schedule: ${listed}.`, { flows });
  }
}
