import { describe, expect, it } from 'vitest';
import { readTransferTarget, type TransferTarget, transferTargetText } from './transfer-target';

describe('readTransferTarget', () => {
  it('reads numbers in E.164 or national format, extensions, usernames and users', () => {
    expect(readTransferTarget('+14155550123', 'US')).toEqual({ kind: 'number', e164: '+14155550123' });
    expect(readTransferTarget('(415) 555-0123', 'US')).toEqual({ kind: 'number', e164: '+14155550123' });
    expect(readTransferTarget('101', 'US')).toEqual({ kind: 'extension', extension: '101' });
    expect(readTransferTarget('alice.smith', 'US')).toEqual({ kind: 'extension', extension: 'alice.smith' });
    expect(readTransferTarget('user:usr_01jd3v3k6m5x9q8w7e6r5t4y3u', 'US')).toEqual({
      kind: 'user',
      userId: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
    });
  });

  it.each(['', 'user:', 'user:someone', 'not a target!', '+12'])('refuses %j', (to) => {
    expect(readTransferTarget(to, 'US').kind).toBe('invalid');
  });

  it('writes targets so that they read back the same', () => {
    const targets: TransferTarget[] = [
      { kind: 'number', e164: '+442079460018' },
      { kind: 'extension', extension: 'alice' },
      { kind: 'user', userId: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u' },
    ];
    for (const target of targets)
      expect(readTransferTarget(transferTargetText(target), 'US')).toEqual(target);
  });
});
