import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import {
  assertSegmentLimit,
  KEYWORD_ACTIONS,
  type KeywordAction,
  keywordReply,
  type KeywordReplySettings,
} from '../domain';
import {
  type MessagingSettingsChanges,
  type MessagingSettingsRecord,
  MessagingSettingsRepository,
} from '../infrastructure/messaging-settings.repository';
import { OptOutRepository } from '../infrastructure/opt-out.repository';
import { asDomainError } from './messaging-errors';

/** An account's settings, with nulls (the defaults) for an account that never changed them. */
export interface MessagingSettingsView extends Omit<MessagingSettingsRecord, 'updatedAt'> {
  readonly updatedAt: Date | null;
}

/** The setting each keyword's reply is configured by. */
const settingOfAction: Readonly<Record<KeywordAction, keyof MessagingSettingsChanges>> = {
  help: 'helpText',
  opt_out: 'stopConfirmation',
  opt_in: 'startConfirmation',
};

/** The help text HELP and INFO are answered with, and the account's own STOP and START confirmations. */
@Injectable()
export class MessagingSettingsService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(MessagingSettingsRepository) private readonly settings: MessagingSettingsRepository,
    @Inject(OptOutRepository) private readonly optOuts: OptOutRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(principal: Principal): Promise<MessagingSettingsView> {
    return this.view(principal.accountId, await this.settings.find(principal.accountId));
  }

  /**
   * Changes the fields present. Every reply is rendered with the result first, so a template with an unknown
   * merge field or a reply too long for 10 segments is refused here, not discovered when a recipient texts HELP.
   */
  async update(principal: Principal, changes: MessagingSettingsChanges): Promise<MessagingSettingsView> {
    const { accountId } = principal;
    return this.database.transaction(async () => {
      const current = this.view(accountId, await this.settings.find(accountId));
      const replySettings = await this.replySettingsOf(accountId, { ...current, ...changes });
      for (const action of KEYWORD_ACTIONS) {
        try {
          assertSegmentLimit(keywordReply(action, replySettings));
        } catch (error) {
          throw asDomainError(error, settingOfAction[action]);
        }
      }
      return this.settings.save(accountId, changes, this.clock.now());
    });
  }

  /** What the keyword replies of the account are rendered with. */
  async replySettings(accountId: string): Promise<KeywordReplySettings> {
    return this.replySettingsOf(accountId, this.view(accountId, await this.settings.find(accountId)));
  }

  private async replySettingsOf(
    accountId: string,
    settings: Omit<MessagingSettingsView, 'accountId' | 'updatedAt'>,
  ): Promise<KeywordReplySettings> {
    return {
      accountName: await this.optOuts.accountName(accountId),
      ...(settings.helpText !== null && { helpText: settings.helpText }),
      replies: {
        ...(settings.stopConfirmation !== null && { opt_out: settings.stopConfirmation }),
        ...(settings.startConfirmation !== null && { opt_in: settings.startConfirmation }),
      },
    };
  }

  private view(accountId: string, record: MessagingSettingsRecord | null): MessagingSettingsView {
    return (
      record ?? {
        accountId,
        helpText: null,
        stopConfirmation: null,
        startConfirmation: null,
        updatedAt: null,
      }
    );
  }
}
