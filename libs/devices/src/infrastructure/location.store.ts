import { Inject, Injectable } from '@nestjs/common';
import { type Binding, type RegistrationPlan } from '../domain/registration';
import { SipRedis } from './sip-redis';

// One round trip, atomic: drop removed contacts, write new ones, and let the key expire with its last binding.
// KEYS[1] the device's hash; ARGV: ttl ms (0 deletes the key), removal count n, n contacts, then contact/JSON pairs.
const applyScript = `
local removals = tonumber(ARGV[2])
if removals > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, 3, 2 + removals)) end
if #ARGV > 2 + removals then redis.call('HSET', KEYS[1], unpack(ARGV, 3 + removals)) end
if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) else redis.call('DEL', KEYS[1]) end
return 1`;

type ScriptedRedis = { applyBindings(key: string, ...args: Array<string | number>): Promise<number> };

/**
 * Where registered devices can be reached: one Redis hash per device (`<prefix>:sip:loc:<deviceId>`), a field per
 * contact holding its binding as JSON. The key expires with its last binding; each binding's own expiry is checked
 * on every read and write, since Redis 7.0 cannot expire single hash fields.
 */
@Injectable()
export class LocationStore {
  constructor(@Inject(SipRedis) private readonly redis: SipRedis) {
    redis.client.defineCommand('applyBindings', { numberOfKeys: 1, lua: applyScript });
  }

  /** Every stored binding of the device, expired ones included (see `liveBindings`). */
  async bindings(deviceId: string): Promise<Binding[]> {
    const fields = await this.redis.client.hgetall(this.key(deviceId));
    return Object.values(fields).map((value) => JSON.parse(value) as Binding);
  }

  async apply(
    deviceId: string,
    plan: Extract<RegistrationPlan, { kind: 'apply' }>,
    nowMs: number,
  ): Promise<void> {
    if (plan.upserts.length === 0 && plan.removals.length === 0) return;
    const last = plan.bindings.at(-1);
    await (this.redis.client as unknown as ScriptedRedis).applyBindings(
      this.key(deviceId),
      last ? Math.max(1, last.expiresAt - nowMs) : 0,
      plan.removals.length,
      ...plan.removals,
      ...plan.upserts.flatMap((binding) => [binding.contact, JSON.stringify(binding)]),
    );
  }

  async clear(deviceId: string): Promise<void> {
    await this.redis.client.del(this.key(deviceId));
  }

  private key(deviceId: string): string {
    return this.redis.key('loc', deviceId);
  }
}
