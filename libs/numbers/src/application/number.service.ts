import { Inject, Injectable } from '@nestjs/common';
import { AccountDirectory } from '@switchyard/accounts';
import { FlowCatalog } from '@switchyard/call-flows';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '@switchyard/errors';
import { allPages, type Page, type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { HELD_NUMBER_STATUSES, type NumberHandling, parseE164OrThrow } from '../domain';
import {
  type PhoneNumberChanges,
  type PhoneNumberFilter,
  PhoneNumberRepository,
  type PhoneNumberRecord,
} from '../infrastructure/phone-number.repository';
import { NumberAccess } from './number-access';
import { NumberEvents } from './number-events';
import { translatingNumbersErrors } from './numbers-errors';

export interface NumberListFilter extends Omit<PhoneNumberFilter, 'sharedWithUserId' | 'sharedWithTeamIds'> {
  /** Numbers this user may use: shared with them or one of their teams. */
  readonly assignedUserId?: string;
  /** Numbers shared with this team. */
  readonly assignedTeamId?: string;
}

export type NumberSettingsChanges = Pick<
  PhoneNumberChanges,
  'friendlyName' | 'description' | 'tags' | 'voice' | 'messaging'
>;

export interface NumberShares {
  readonly userIds?: readonly string[];
  readonly teamIds?: readonly string[];
}

/** Reading, editing and sharing the account's numbers. */
@Injectable()
export class NumberService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(AccountDirectory) private readonly directory: AccountDirectory,
    @Inject(FlowCatalog) private readonly flows: FlowCatalog,
    @Inject(NumberEvents) private readonly events: NumberEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(
    principal: Principal,
    page: PageRequest,
    filter: NumberListFilter,
  ): Promise<Page<PhoneNumberRecord>> {
    const { assignedUserId, assignedTeamId, ...rest } = filter;
    const assignedTeamIds = [
      ...(assignedUserId === undefined
        ? []
        : await this.directory.teamIdsOf(principal.accountId, assignedUserId)),
      ...(assignedTeamId === undefined ? [] : [assignedTeamId]),
    ];
    return this.numbers.list(
      principal.accountId,
      page,
      {
        ...rest,
        ...(assignedUserId !== undefined && { sharedWithUserId: assignedUserId }),
        ...((assignedUserId !== undefined || assignedTeamId !== undefined) && {
          sharedWithTeamIds: assignedTeamIds,
        }),
      },
      await this.access.visibilityOf(principal),
    );
  }

  /** Every number the list with this filter shows, page by page, for a CSV export. */
  async *exportAll(principal: Principal, filter: NumberListFilter): AsyncGenerator<PhoneNumberRecord> {
    yield* allPages((page) => this.list(principal, page, filter));
  }

  async get(principal: Principal, numberId: string): Promise<PhoneNumberRecord> {
    const number = await this.numbers.find(
      principal.accountId,
      numberId,
      await this.access.visibilityOf(principal),
    );
    if (!number) throw new NotFoundError('number', numberId);
    return number;
  }

  async update(
    principal: Principal,
    numberId: string,
    changes: NumberSettingsChanges,
  ): Promise<PhoneNumberRecord> {
    const handling = {
      ...(changes.voice !== undefined && {
        voice: await this.checkedHandling(principal, 'voice', changes.voice),
      }),
      ...(changes.messaging !== undefined && {
        messaging: await this.checkedHandling(principal, 'messaging', changes.messaging),
      }),
    };
    return this.database.transaction(async () => {
      await this.editable(principal, numberId);
      await this.numbers.update(principal.accountId, numberId, { ...changes, ...handling });
      return this.events.publish('number.updated', principal.accountId, numberId);
    });
  }

  async share(principal: Principal, numberId: string, shares: NumberShares): Promise<PhoneNumberRecord> {
    const userIds = [...new Set(shares.userIds ?? [])];
    const teamIds = [...new Set(shares.teamIds ?? [])];
    const unknown: FieldError[] = [
      ...(await this.directory.unknownUserIds(principal.accountId, userIds)).map((userId) => ({
        field: 'userIds',
        code: 'user_not_found',
        message: `No user ${userId} in this account.`,
      })),
      ...(await this.directory.unknownTeamIds(principal.accountId, teamIds)).map((teamId) => ({
        field: 'teamIds',
        code: 'team_not_found',
        message: `No team ${teamId} in this account.`,
      })),
    ];
    if (unknown.length > 0) throw new ValidationError(unknown);
    return this.database.transaction(async () => {
      await this.editable(principal, numberId);
      await this.numbers.addShares(principal.accountId, numberId, { userIds, teamIds }, this.clock.now());
      return this.events.publish('number.updated', principal.accountId, numberId);
    });
  }

  async unshare(
    principal: Principal,
    numberId: string,
    target: { userId: string } | { teamId: string },
  ): Promise<PhoneNumberRecord> {
    return this.database.transaction(async () => {
      await this.editable(principal, numberId);
      if ('userId' in target)
        await this.numbers.removeUserShare(principal.accountId, numberId, target.userId);
      else await this.numbers.removeTeamShare(principal.accountId, numberId, target.teamId);
      return this.events.publish('number.updated', principal.accountId, numberId);
    });
  }

  /** Released and failed numbers are history: they keep the settings they ended with. */
  private async editable(principal: Principal, numberId: string): Promise<PhoneNumberRecord> {
    const number = await this.get(principal, numberId);
    if (!HELD_NUMBER_STATUSES.includes(number.status)) {
      throw new ConflictError(
        'number_not_editable',
        `A number that is ${number.status} can no longer be changed.`,
        {
          numberStatus: number.status,
        },
      );
    }
    return number;
  }

  /** Users and flows must be of the account, and forwarding targets valid numbers. */
  private async checkedHandling(
    principal: Principal,
    field: 'voice' | 'messaging',
    handling: NumberHandling | null,
  ): Promise<NumberHandling | null> {
    if (handling === null) return handling;
    if (handling.type === 'flow') {
      if (await this.flows.exists(principal.accountId, handling.flowId)) return handling;
      throw new ValidationError([
        {
          field: `${field}.flowId`,
          code: 'flow_not_found',
          message: `No flow ${handling.flowId} in this account.`,
        },
      ]);
    }
    if (handling.type === 'forward') {
      const to = await translatingNumbersErrors(() => parseE164OrThrow(handling.to), `${field}.to`);
      return { type: 'forward', to };
    }
    const [unknown] = await this.directory.unknownUserIds(principal.accountId, [handling.userId]);
    if (unknown !== undefined) {
      throw new ValidationError([
        { field: `${field}.userId`, code: 'user_not_found', message: `No user ${unknown} in this account.` },
      ]);
    }
    return handling;
  }
}
