import { Inject, Injectable } from '@nestjs/common';
import { type FlowDocument } from '../domain/flow-model';
import { referencedIds, validateFlow } from '../domain/flow-validator';
import { FLOW_REFERENCE_DIRECTORY, type FlowReferenceDirectory } from './call-flows.ports';
import { type FlowFieldError, FlowInvalidError } from './call-flows.errors';
import { fieldOfPointer } from './field-errors';

export type FlowCheck =
  | { readonly valid: true; readonly flow: FlowDocument }
  | { readonly valid: false; readonly errors: FlowFieldError[] };

/** Validates a flow's draft against the flow rules and against what exists in its account. */
@Injectable()
export class FlowValidationService {
  constructor(@Inject(FLOW_REFERENCE_DIRECTORY) private readonly references: FlowReferenceDirectory) {}

  /** Errors name fields of the flow resource: `draft.nodes.2.exits.timeout`. */
  async check(accountId: string, draft: unknown): Promise<FlowCheck> {
    const existing = await this.references.existing(accountId, referencedIds(draft));
    const result = validateFlow(draft, existing);
    if (result.valid) return result;
    return {
      valid: false,
      errors: result.errors.map(({ code, path, message, nodeId }) => ({
        field: fieldOfPointer(path, 'draft'),
        code,
        message,
        ...(nodeId === undefined ? {} : { nodeId }),
      })),
    };
  }

  async requireValid(accountId: string, draft: unknown): Promise<FlowDocument> {
    const result = await this.check(accountId, draft);
    if (!result.valid) throw new FlowInvalidError(result.errors);
    return result.flow;
  }
}
