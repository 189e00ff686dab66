import { describe, expect, it } from 'vitest';
import { type HostResolver } from '../infrastructure/host-resolver';
import {
  WebhookHostUnresolvableError,
  WebhookTargetGuard,
  WebhookUrlNotAllowedError,
} from './webhook-target.guard';

const fakeDns: HostResolver = {
  async resolve(hostname) {
    const table: Record<string, { address: string; family: 4 | 6 }[]> = {
      'hooks.example.com': [{ address: '93.184.216.34', family: 4 }],
      'internal.example.com': [{ address: '10.0.3.7', family: 4 }],
      'mixed.example.com': [
        { address: '93.184.216.34', family: 4 },
        { address: 'fd00::5', family: 6 },
      ],
    };
    const found = table[hostname];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found;
  },
};

describe('WebhookTargetGuard', () => {
  const guard = new WebhookTargetGuard(fakeDns, false);

  it('resolves a public host to the address to connect to', async () => {
    const resolved = await guard.resolve('https://hooks.example.com/in');
    expect(resolved.target).toEqual({ address: '93.184.216.34', family: 4 });
    expect(resolved.url.hostname).toBe('hooks.example.com');
  });

  it.each([
    ['http://127.0.0.1/hook', /127\.0\.0\.1, a loopback address/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://[::1]:8080/', /loopback/],
    ['http://[::ffff:10.0.0.1]/', /ipv4-mapped/],
    ['http://0.0.0.0/', /unspecified/],
    [
      'https://internal.example.com/hook',
      /internal\.example\.com resolves to 10\.0\.3\.7, a private address/,
    ],
    ['https://mixed.example.com/hook', /unique-local/],
  ])('refuses %s', async (url, reason) => {
    const refusal = guard.resolve(url);
    await expect(refusal).rejects.toBeInstanceOf(WebhookUrlNotAllowedError);
    await expect(refusal).rejects.toThrow(reason);
    await expect(refusal).rejects.toMatchObject({ code: 'webhook_url_not_allowed', kind: 'invalid_input' });
  });

  it('refuses a host that does not resolve', async () => {
    await expect(guard.resolve('https://nowhere.example.com/')).rejects.toBeInstanceOf(
      WebhookHostUnresolvableError,
    );
  });

  it('lets private targets through when configured to, for local development', async () => {
    const permissive = new WebhookTargetGuard(fakeDns, true);
    expect((await permissive.resolve('https://internal.example.com/')).target.address).toBe('10.0.3.7');
    expect((await permissive.resolve('http://127.0.0.1:9/')).target).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});
