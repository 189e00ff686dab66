import { type CarrierConfig } from '@switchyard/config';
import { type CarrierPort, type SandboxCarrierStore } from '@switchyard/numbers';
import { SandboxCarrierAdapter } from './sandbox/sandbox-carrier.adapter';
import { TelnyxCarrierAdapter } from './telnyx/telnyx-carrier.adapter';

export interface CarrierDependencies {
  /** The sandbox's books; shared by every process when it is the Postgres store. */
  readonly sandboxStore: SandboxCarrierStore;
  readonly clock: () => Date;
}

/** The carrier adapter the configuration names. */
export function createCarrier(config: CarrierConfig, dependencies: CarrierDependencies): CarrierPort {
  if (config.kind === 'sandbox') {
    return new SandboxCarrierAdapter({ store: dependencies.sandboxStore, clock: dependencies.clock });
  }
  return new TelnyxCarrierAdapter({
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    clock: dependencies.clock,
  });
}
