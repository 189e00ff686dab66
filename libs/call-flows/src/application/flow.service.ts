import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { NotFoundError, ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { MAX_FLOW_BYTES } from '../domain/flow-model';
import { type FlowRecord, FlowRepository } from '../infrastructure/flow.repository';
import { FLOW_USAGE, type FlowUsage } from './call-flows.ports';
import { FlowInUseError } from './call-flows.errors';
import { PublishedFlowLookup } from './published-flow-lookup.service';

export type Draft = Readonly<Record<string, unknown>>;

/** A draft may be unfinished, but no larger than a flow can be published. */
function requireStorable(draft: Draft): Draft {
  const size = Buffer.byteLength(JSON.stringify(draft));
  if (size > MAX_FLOW_BYTES) {
    throw new ValidationError([
      {
        field: 'draft',
        code: 'too_large',
        message: `draft is ${size} bytes of JSON; the limit is ${MAX_FLOW_BYTES}.`,
      },
    ]);
  }
  return draft;
}

@Injectable()
export class FlowService {
  constructor(
    @Inject(FlowRepository) private readonly flows: FlowRepository,
    @Inject(FLOW_USAGE) private readonly usage: FlowUsage,
    @Inject(PublishedFlowLookup) private readonly lookup: PublishedFlowLookup,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest) {
    return this.flows.list(principal.accountId, page);
  }

  async get(principal: Principal, flowId: string): Promise<FlowRecord> {
    const flow = await this.flows.find(principal.accountId, flowId);
    if (!flow) throw new NotFoundError('flow', flowId);
    return flow;
  }

  async create(
    principal: Principal,
    input: { name: string; description?: string; draft: Draft },
  ): Promise<FlowRecord> {
    const now = this.clock.now();
    return this.flows.create({
      id: newId('flow', now.getTime()),
      accountId: principal.accountId,
      name: input.name,
      description: input.description ?? null,
      draft: requireStorable(input.draft),
      createdAt: now,
    });
  }

  /** Changes the draft and the labels only; what calls run changes when a draft is published. */
  async update(
    principal: Principal,
    flowId: string,
    changes: { name?: string; description?: string | null; draft?: Draft },
  ): Promise<FlowRecord> {
    await this.get(principal, flowId);
    if (changes.draft !== undefined) requireStorable(changes.draft);
    await this.flows.update(principal.accountId, flowId, changes);
    return this.get(principal, flowId);
  }

  /** Refused while numbers still hand calls to the flow, naming them. */
  async delete(principal: Principal, flowId: string): Promise<void> {
    await this.database.transaction(async () => {
      await this.get(principal, flowId);
      const numbers = await this.usage.numbersUsingFlow(principal.accountId, flowId);
      if (numbers.length > 0) throw new FlowInUseError(numbers);
      await this.flows.delete(principal.accountId, flowId);
    });
    this.lookup.forgetFlow(principal.accountId, flowId);
  }
}
