import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type CallPolicy } from '../domain';

export interface StoredCallPolicy {
  readonly policy: CallPolicy;
  readonly updatedAt: Date;
}

@Injectable()
export class CallPolicyRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string): Promise<StoredCallPolicy | null> {
    const row = await this.database.client.callPolicy.findUnique({ where: { accountId } });
    if (!row) return null;
    const { accountId: _, updatedAt, ...policy } = row;
    return { policy, updatedAt };
  }

  async save(accountId: string, policy: CallPolicy, updatedAt: Date): Promise<void> {
    const data = {
      allowedCountries: [...policy.allowedCountries],
      blockedPrefixes: [...policy.blockedPrefixes],
      maxConcurrentCalls: policy.maxConcurrentCalls,
      maxCallDurationSeconds: policy.maxCallDurationSeconds,
      callsPerSecond: policy.callsPerSecond,
      updatedAt,
    };
    await this.database.client.callPolicy.upsert({
      where: { accountId },
      create: { accountId, ...data },
      update: data,
    });
  }
}
