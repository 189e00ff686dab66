import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { usernamePattern } from '../domain/device';
import { type ReachableContact, reachableContact } from '../domain/reachable-contact';
import { liveBindings } from '../domain/registration';
import { DeviceRepository } from '../infrastructure/device.repository';
import { LocationStore } from '../infrastructure/location.store';

/** A user reached through one of their devices' usernames: all their enabled devices, and where each is registered. */
export interface DialedUser {
  readonly userId: string;
  readonly deviceIds: readonly string[];
  /** Live contacts of every enabled device of the user; empty when none is registered. */
  readonly contacts: readonly ReachableContact[];
}

/** Finds the registered devices a call to an extension rings. */
@Injectable()
export class DeviceDirectory {
  constructor(
    @Inject(DeviceRepository) private readonly devices: DeviceRepository,
    @Inject(LocationStore) private readonly locations: LocationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The user owning the enabled device whose username is `extension` in the account, with the unexpired contacts of
   * all that user's enabled devices; null when there is no such device. Usernames are stored lower-case.
   */
  async dialExtension(accountId: string, extension: string): Promise<DialedUser | null> {
    const username = extension.toLowerCase();
    if (!usernamePattern.test(username)) return null;
    const dialed = await this.devices.findByUsername(accountId, username);
    if (!dialed?.enabled) return null;
    const devices = await this.devices.listEnabledOfUser(accountId, dialed.userId);
    const bindings = await Promise.all(devices.map((device) => this.locations.bindings(device.id)));
    const now = this.clock.now().getTime();
    return {
      userId: dialed.userId,
      deviceIds: devices.map((device) => device.id),
      contacts: devices.flatMap((device, index) =>
        liveBindings(bindings[index] ?? [], now).map((binding) => reachableContact(device.id, binding)),
      ),
    };
  }
}
