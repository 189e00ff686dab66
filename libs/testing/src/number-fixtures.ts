import { newId } from '@switchyard/contracts';
import { type Database } from '@switchyard/prisma';

/**
 * An active sandbox number of the account, written straight to Postgres: for tests and benchmarks that need a
 * sender or caller ID without going through a purchase.
 */
export async function insertActiveNumber(
  database: Database,
  number: { accountId: string; phoneNumber: string; capabilities?: readonly string[] },
): Promise<string> {
  const id = newId('number');
  const now = new Date();
  await database.root.phoneNumber.create({
    data: {
      id,
      accountId: number.accountId,
      phoneNumber: number.phoneNumber,
      country: 'US',
      type: 'local',
      region: 'CA',
      capabilities: [...(number.capabilities ?? ['sms', 'voice'])],
      monthlyPriceAmount: 100,
      setupPriceAmount: 0,
      currency: 'USD',
      status: 'active',
      carrier: 'sandbox',
      orderedAt: now,
      purchasedAt: now,
      createdAt: now,
    },
  });
  return id;
}
