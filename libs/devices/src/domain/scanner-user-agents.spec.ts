import { describe, expect, it } from 'vitest';
import { ScannerUserAgents } from './scanner-user-agents';

describe('scanner user agents', () => {
  const scanners = new ScannerUserAgents(['friendly-scanner', 'sipcli', 'VaxSIPUserAgent', '']);

  it('matches fragments case-insensitively anywhere in the User-Agent', () => {
    expect(scanners.matches('friendly-scanner')).toBe(true);
    expect(scanners.matches('SIPCLI/v1.8')).toBe(true);
    expect(scanners.matches('vaxsipuseragent/3.1')).toBe(true);
  });

  it('lets phones and missing User-Agents through', () => {
    expect(scanners.matches('Yealink SIP-T46U 108.86.0.20')).toBe(false);
    expect(scanners.matches(undefined)).toBe(false);
    expect(scanners.matches('')).toBe(false);
  });
});
