import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { NotFoundError, ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { type FlowRecord, FlowRepository, type FlowVersionRecord } from '../infrastructure/flow.repository';
import { FlowService } from './flow.service';
import { type FlowCheck, FlowValidationService } from './flow-validation.service';
import { PublishedFlowLookup } from './published-flow-lookup.service';

/**
 * Publishing freezes the draft into an immutable, numbered version and makes it the one calls run. A rollback
 * points the flow back at an earlier version; it creates no new version, so a version id always names the same
 * document and calls record exactly what they ran.
 */
@Injectable()
export class FlowVersionService {
  constructor(
    @Inject(FlowService) private readonly flowService: FlowService,
    @Inject(FlowRepository) private readonly flows: FlowRepository,
    @Inject(FlowValidationService) private readonly validation: FlowValidationService,
    @Inject(PublishedFlowLookup) private readonly lookup: PublishedFlowLookup,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async validateDraft(principal: Principal, flowId: string): Promise<FlowCheck> {
    const flow = await this.flowService.get(principal, flowId);
    return this.validation.check(principal.accountId, flow.draft);
  }

  async publish(principal: Principal, flowId: string): Promise<FlowVersionRecord> {
    const version = await this.database.transaction(async () => {
      const claimed = await this.flows.claimNextVersion(principal.accountId, flowId);
      if (!claimed) throw new NotFoundError('flow', flowId);
      const document = await this.validation.requireValid(principal.accountId, claimed.draft);
      const now = this.clock.now();
      const created = await this.flows.createVersion({
        id: newId('flowVersion', now.getTime()),
        accountId: principal.accountId,
        flowId,
        number: claimed.number,
        document,
        createdAt: now,
      });
      await this.flows.setCurrentVersion(principal.accountId, flowId, created.id);
      return created;
    });
    this.lookup.forgetFlow(principal.accountId, flowId);
    return version;
  }

  async listVersions(principal: Principal, flowId: string, page: PageRequest) {
    const flow = await this.flowService.get(principal, flowId);
    return { flow, page: await this.flows.listVersions(principal.accountId, flowId, page) };
  }

  async getVersion(
    principal: Principal,
    flowId: string,
    versionId: string,
  ): Promise<{ flow: FlowRecord; version: FlowVersionRecord }> {
    const flow = await this.flowService.get(principal, flowId);
    const version = await this.flows.findVersion(principal.accountId, flowId, versionId);
    if (!version) throw new NotFoundError('flow_version', versionId);
    return { flow, version };
  }

  async rollback(principal: Principal, flowId: string, versionId: string): Promise<FlowRecord> {
    await this.database.transaction(async () => {
      await this.flowService.get(principal, flowId);
      if (!(await this.flows.findVersion(principal.accountId, flowId, versionId))) {
        throw new ValidationError([
          {
            field: 'versionId',
            code: 'flow_version_not_found',
            message: `No version ${versionId} of this flow.`,
          },
        ]);
      }
      await this.flows.setCurrentVersion(principal.accountId, flowId, versionId);
    });
    this.lookup.forgetFlow(principal.accountId, flowId);
    return this.flowService.get(principal, flowId);
  }
}
