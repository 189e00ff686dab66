import { randomBytes, randomUUID } from 'node:crypto';
import { formatWireTime } from './drachtio-wire';
import { randomToken } from './sip-message';

/** Seconds from 1900 (NTP epoch, sofia-sip's clock) to 1970. */
const NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800;
/**
 * sofia-sip's su_guid counts 100 ns ticks of its NTP (1900-based) clock and adds the UUID epoch offset (1582 to
 * 1970) on top: 14 428 281 600 s before the Unix epoch in all. This reproduces the captured Call-IDs' time fields.
 */
const SOFIA_GUID_EPOCH_OFFSET_MICROS = 14_428_281_600_000_000n;

/**
 * Identifiers the way drachtio-server (sofia-sip) mints them, all of fixed length so frame lengths do not vary:
 * UUID v4 message and transaction ids, 13-character tags and branches, time-based Call-IDs and CSeq numbers.
 */
export class SipIdentifiers {
  private readonly clockSequence = randomBytes(2).toString('hex');
  private readonly node = randomBytes(6).toString('hex');

  /** @param now wall clock in epoch milliseconds (fractions give microseconds) */
  constructor(private readonly now: () => number) {}

  uuid(): string {
    return randomUUID();
  }

  tag(): string {
    return randomToken(13);
  }

  branch(): string {
    return `z9hG4bK${randomToken(13)}`;
  }

  /** drachtio uses a UUID as the branch of requests it proxies. */
  proxyBranch(): string {
    return `z9hG4bK${randomUUID()}`;
  }

  /** sofia's time-based GUID: `time_low-time_mid-1<time_hi>-<clock seq>-<node>`. */
  callId(): string {
    const ticks = (BigInt(Math.floor(this.now() * 1000)) + SOFIA_GUID_EPOCH_OFFSET_MICROS) * 10n;
    const hex = (value: bigint, width: number): string => value.toString(16).padStart(width, '0');
    const timeLow = hex(ticks & 0xffff_ffffn, 8);
    const timeMid = hex((ticks >> 32n) & 0xffffn, 4);
    const timeHigh = hex(((ticks >> 48n) & 0x0fffn) | 0x1000n, 4);
    return `${timeLow}-${timeMid}-${timeHigh}-${this.clockSequence}-${this.node}`;
  }

  /** nta's first CSeq of a new request: `(sip_now() >> 1) & 0x7ffffff` with sip_now() in NTP seconds. */
  initialCseq(): number {
    return Math.floor((Math.floor(this.now() / 1000) + NTP_EPOCH_OFFSET_SECONDS) / 2) & 0x7ff_ffff;
  }

  wireTime(): string {
    return formatWireTime(this.now());
  }
}
