import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { type DeviceKind, type SipTransport } from '../domain/device';

export interface DeviceRecord {
  readonly id: string;
  readonly accountId: string;
  readonly userId: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly username: string;
  readonly ha1Md5: string;
  readonly ha1Sha256: string;
  readonly transports: readonly SipTransport[];
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type DeviceChanges = Partial<
  Pick<DeviceRecord, 'userId' | 'name' | 'kind' | 'transports' | 'enabled' | 'ha1Md5' | 'ha1Sha256'>
>;

export interface DeviceFilter {
  readonly userId?: string;
  readonly kind?: DeviceKind;
}

@Injectable()
export class DeviceRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, deviceId: string): Promise<DeviceRecord | null> {
    return this.database.client.device.findFirst({ where: { id: deviceId, accountId } });
  }

  async findByUsername(accountId: string, username: string): Promise<DeviceRecord | null> {
    return this.database.client.device.findUnique({ where: { accountId_username: { accountId, username } } });
  }

  /** The user's enabled devices, oldest first. */
  async listEnabledOfUsers(accountId: string, userIds: readonly string[]): Promise<DeviceRecord[]> {
    return this.database.client.device.findMany({
      where: { accountId, userId: { in: [...userIds] }, enabled: true },
      orderBy: { id: 'asc' },
    });
  }

  async list(accountId: string, page: PageRequest, filter: DeviceFilter): Promise<Page<DeviceRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.device.findMany({
      ...rest,
      where: { ...where, accountId, ...filter },
    });
    return pageFromRows(rows, page);
  }

  async create(device: Omit<DeviceRecord, 'updatedAt'>): Promise<DeviceRecord> {
    return this.database.client.device.create({ data: { ...device, transports: [...device.transports] } });
  }

  async update(accountId: string, deviceId: string, changes: DeviceChanges): Promise<DeviceRecord> {
    const { transports, ...rest } = changes;
    const data = { ...rest, ...(transports ? { transports: [...transports] } : {}) };
    await this.database.client.device.updateMany({ where: { id: deviceId, accountId }, data });
    const updated = await this.find(accountId, deviceId);
    if (!updated) throw new Error(`device ${deviceId} vanished during update`);
    return updated;
  }

  async delete(accountId: string, deviceId: string): Promise<void> {
    await this.database.client.device.deleteMany({ where: { id: deviceId, accountId } });
  }
}
