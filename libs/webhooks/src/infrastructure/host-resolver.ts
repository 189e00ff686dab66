import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Turns a host name into addresses; injectable so tests can answer without DNS. */
export interface HostResolver {
  resolve(hostname: string): Promise<readonly ResolvedAddress[]>;
}

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** The operating system's resolver (hosts file, then DNS), all addresses of both families. */
export const systemHostResolver: HostResolver = {
  async resolve(hostname) {
    const addresses = await lookup(hostname, { all: true, verbatim: true });
    return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  },
};
