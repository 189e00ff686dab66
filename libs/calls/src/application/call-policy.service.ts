import { Inject, Injectable } from '@nestjs/common';
import { type CallsConfig } from '@switchyard/config';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { ValidationError } from '@switchyard/errors';
import { type CallPolicy, defaultCallPolicy, policyProblems } from '../domain';
import { CallPolicyRepository } from '../infrastructure/call-policy.repository';
import { CallerNumbers } from './caller-numbers';
import { CALLS_CONFIG } from './calls-settings';

/** The policy in force and when the account last changed it (null: never, so these are the defaults). */
export interface EffectiveCallPolicy {
  readonly policy: CallPolicy;
  readonly updatedAt: Date | null;
}

export type CallPolicyChanges = Partial<CallPolicy>;

/** Each account's outbound call policy: its own once it changed one, else the defaults for its country. */
@Injectable()
export class CallPolicyService {
  private readonly cache: TtlCache<CallPolicy>;

  constructor(
    @Inject(CallPolicyRepository) private readonly policies: CallPolicyRepository,
    @Inject(CallerNumbers) private readonly accounts: CallerNumbers,
    @Inject(CALLS_CONFIG) private readonly config: CallsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cache = new TtlCache(5_000, clock);
  }

  /** The account's policy, or the defaults for its country; cached ~5 s per process. */
  policyOf(accountId: string): Promise<CallPolicy> {
    return this.cache.getOrLoad(accountId, async () => (await this.effective(accountId)).policy);
  }

  async effective(accountId: string): Promise<EffectiveCallPolicy> {
    const stored = await this.policies.find(accountId);
    if (stored) return stored;
    const country = await this.accounts.accountCountry(accountId);
    return { policy: defaultCallPolicy(country, this.config.defaultLimits), updatedAt: null };
  }

  /** Changes the fields given; the result must pass the policy rules as a whole. */
  async update(accountId: string, changes: CallPolicyChanges): Promise<EffectiveCallPolicy> {
    const { policy: current } = await this.effective(accountId);
    const present = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const policy: CallPolicy = {
      ...current,
      ...present,
      allowedCountries: (changes.allowedCountries ?? current.allowedCountries).map((country) =>
        country.toUpperCase(),
      ),
    };
    const problems = policyProblems(policy);
    if (problems.length > 0) throw new ValidationError(problems, 'The call policy is not valid.');
    const updatedAt = this.clock.now();
    await this.policies.save(accountId, policy, updatedAt);
    this.cache.delete(accountId);
    return { policy, updatedAt };
  }
}
