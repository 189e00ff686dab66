import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { usernamePattern } from '../domain/device';
import { type ReachableContact, reachableContact } from '../domain/reachable-contact';
import { liveBindings } from '../domain/registration';
import { type DeviceRecord, DeviceRepository } from '../infrastructure/device.repository';
import { LocationStore } from '../infrastructure/location.store';

/** A user reached through one of their devices' usernames: all their enabled devices, and where each is registered. */
export interface DialedUser {
  readonly userId: string;
  readonly deviceIds: readonly string[];
  /** Live contacts of every enabled device of the user; empty when none is registered. */
  readonly contacts: readonly ReachableContact[];
}

/** Finds the registered devices a call rings: an extension's user, ring-group users, one device. */
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
    const devices = await this.devices.listEnabledOfUsers(accountId, [dialed.userId]);
    return {
      userId: dialed.userId,
      deviceIds: devices.map((device) => device.id),
      contacts: await this.contactsOf(devices),
    };
  }

  /** Where the enabled devices of these users are registered now (a ring group, a team). */
  async contactsOfUsers(accountId: string, userIds: readonly string[]): Promise<ReachableContact[]> {
    if (userIds.length === 0) return [];
    return this.contactsOf(await this.devices.listEnabledOfUsers(accountId, userIds));
  }

  /** Where one enabled device is registered now; empty for a disabled or unknown one. */
  async contactsOfDevice(accountId: string, deviceId: string): Promise<ReachableContact[]> {
    const device = await this.devices.find(accountId, deviceId);
    return device?.enabled ? this.contactsOf([device]) : [];
  }

  private async contactsOf(devices: readonly DeviceRecord[]): Promise<ReachableContact[]> {
    const bindings = await Promise.all(devices.map((device) => this.locations.bindings(device.id)));
    const now = this.clock.now().getTime();
    return devices.flatMap((device, index) =>
      liveBindings(bindings[index] ?? [], now).map((binding) => reachableContact(device.id, binding)),
    );
  }
}
