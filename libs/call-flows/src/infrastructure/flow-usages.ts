import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

/** `%"<id>"%`: the id as a whole JSON string anywhere in a document, with LIKE's wildcards taken literally. */
function mentionPattern(referenceId: string): string {
  const jsonString = JSON.stringify(referenceId);
  return `%${jsonString.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Which flows still use something another resource's deletion would break: a flow counts when its draft (which
 * will be published) or its current version (which calls run) uses it. Earlier versions do not count: a
 * rollback to one is validated again.
 */
@Injectable()
export class FlowUsages {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Flows whose draft or current version mentions the id (an audio file, a voicemail box, …) as a JSON string. */
  async flowsUsing(accountId: string, referenceId: string): Promise<string[]> {
    const pattern = mentionPattern(referenceId);
    const rows = await this.database.client.$queryRaw<{ id: string }[]>`
      SELECT f."id" FROM "Flow" f
      LEFT JOIN "FlowVersion" v ON v."id" = f."currentVersionId"
      WHERE f."accountId" = ${accountId}
        AND (f."draft"::text LIKE ${pattern} OR v."document"::text LIKE ${pattern})
      ORDER BY f."id"`;
    return rows.map((row) => row.id);
  }

  /** Flows with a queue node sending callers to the named queue; a name is too common a string to search for. */
  async flowsUsingQueue(accountId: string, queueName: string): Promise<string[]> {
    const queueNode = JSON.stringify([{ kind: 'queue', queueName }]);
    const rows = await this.database.client.$queryRaw<{ id: string }[]>`
      SELECT f."id" FROM "Flow" f
      LEFT JOIN "FlowVersion" v ON v."id" = f."currentVersionId"
      WHERE f."accountId" = ${accountId}
        AND (f."draft"->'nodes' @> ${queueNode}::jsonb OR v."document"->'nodes' @> ${queueNode}::jsonb)
      ORDER BY f."id"`;
    return rows.map((row) => row.id);
  }
}
