import { Inject, Injectable } from '@nestjs/common';
import { AccountDirectory } from '@switchyard/accounts';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { Database, isUniqueViolation } from '@switchyard/prisma';
import {
  type DeviceKind,
  generateSipPassword,
  sipTransports,
  type SipTransport,
  usernameFieldErrors,
} from '../domain/device';
import { digestHa1 } from '../domain/digest';
import { type Binding, liveBindings } from '../domain/registration';
import { type DeviceFilter, type DeviceRecord, DeviceRepository } from '../infrastructure/device.repository';
import { LocationStore } from '../infrastructure/location.store';
import { SipDomainService } from './sip-domain.service';

export interface NewDevice {
  readonly userId: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly username: string;
  readonly transports?: readonly SipTransport[];
  readonly enabled?: boolean;
}

export interface DeviceChangeRequest {
  readonly userId?: string;
  readonly name?: string;
  readonly kind?: DeviceKind;
  readonly transports?: readonly SipTransport[];
  readonly enabled?: boolean;
}

/** A device with the SIP domain it registers at, and its password where one was just made. */
export interface DeviceView {
  readonly device: DeviceRecord;
  readonly sipDomain: string;
}

export interface DeviceWithPassword extends DeviceView {
  readonly password: string;
}

function digestHa1s(username: string, realm: string, password: string) {
  return {
    ha1Md5: digestHa1('MD5', username, realm, password),
    ha1Sha256: digestHa1('SHA-256', username, realm, password),
  };
}

/** Devices of the account and their SIP credentials: CRUD, password rotation, live registrations. */
@Injectable()
export class DeviceService {
  constructor(
    @Inject(DeviceRepository) private readonly devices: DeviceRepository,
    @Inject(AccountDirectory) private readonly directory: AccountDirectory,
    @Inject(SipDomainService) private readonly domains: SipDomainService,
    @Inject(LocationStore) private readonly locations: LocationStore,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(
    principal: Principal,
    page: PageRequest,
    filter: DeviceFilter,
  ): Promise<{ page: Page<DeviceRecord>; sipDomain: string }> {
    const [devices, sipDomain] = await Promise.all([
      this.devices.list(principal.accountId, page, filter),
      this.domains.domainOf(principal.accountId),
    ]);
    return { page: devices, sipDomain };
  }

  async get(principal: Principal, deviceId: string): Promise<DeviceView> {
    return {
      device: await this.find(principal, deviceId),
      sipDomain: await this.domains.domainOf(principal.accountId),
    };
  }

  async create(principal: Principal, input: NewDevice): Promise<DeviceWithPassword> {
    const fieldErrors = usernameFieldErrors(input.username);
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    await this.assertUser(principal.accountId, input.userId);
    const sipDomain = await this.domains.domainOf(principal.accountId);
    const password = generateSipPassword();
    const now = this.clock.now();
    try {
      const device = await this.devices.create({
        id: newId('device', now.getTime()),
        accountId: principal.accountId,
        userId: input.userId,
        name: input.name,
        kind: input.kind,
        username: input.username,
        ...digestHa1s(input.username, sipDomain, password),
        transports: input.transports ?? sipTransports,
        enabled: input.enabled ?? true,
        createdAt: now,
      });
      return { device, sipDomain, password };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'username_taken',
          `The SIP username ${input.username} is already in use in this account.`,
        );
      }
      throw error;
    }
  }

  async update(principal: Principal, deviceId: string, changes: DeviceChangeRequest): Promise<DeviceView> {
    const device = await this.database.transaction(async () => {
      await this.find(principal, deviceId);
      if (changes.userId !== undefined) await this.assertUser(principal.accountId, changes.userId);
      return this.devices.update(principal.accountId, deviceId, changes);
    });
    if (!device.enabled) await this.locations.clear(deviceId);
    return { device, sipDomain: await this.domains.domainOf(principal.accountId) };
  }

  async delete(principal: Principal, deviceId: string): Promise<void> {
    await this.find(principal, deviceId);
    await this.devices.delete(principal.accountId, deviceId);
    await this.locations.clear(deviceId);
  }

  /** A new password; the old one stops working at once here and within seconds on every sip instance. */
  async rotatePassword(principal: Principal, deviceId: string): Promise<DeviceWithPassword> {
    const existing = await this.find(principal, deviceId);
    const sipDomain = await this.domains.domainOf(principal.accountId);
    const password = generateSipPassword();
    const device = await this.devices.update(
      principal.accountId,
      deviceId,
      digestHa1s(existing.username, sipDomain, password),
    );
    return { device, sipDomain, password };
  }

  /** The device's contacts in the location store that have not expired. */
  async registrations(principal: Principal, deviceId: string): Promise<Binding[]> {
    await this.find(principal, deviceId);
    return liveBindings(await this.locations.bindings(deviceId), this.clock.now().getTime());
  }

  private async find(principal: Principal, deviceId: string): Promise<DeviceRecord> {
    const device = await this.devices.find(principal.accountId, deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    return device;
  }

  private async assertUser(accountId: string, userId: string): Promise<void> {
    if ((await this.directory.unknownUserIds(accountId, [userId])).length === 0) return;
    throw new ValidationError([
      { field: 'userId', code: 'user_not_found', message: `No user with id ${userId} in this account.` },
    ]);
  }
}
