import { randomInt } from 'node:crypto';
import { type AccountDirectory } from '@switchyard/accounts';
import { newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { insertActiveNumber, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhoneNumberRepository } from '../infrastructure/phone-number.repository';
import { NumberAccess } from './number-access';

describe('NumberAccess', () => {
  const database = new Database({ url: testEnvironment().DATABASE_URL! });
  const accountId = newId('account');
  const agentId = newId('user');
  const teamId = newId('team');
  // Team membership is the accounts context's business: the agent is in the one team.
  const directory = { teamIdsOf: async () => [teamId] } as unknown as AccountDirectory;
  const access = new NumberAccess(directory, new PhoneNumberRepository(database));
  // Numbers no other test holds: the table is shared by the whole run.
  const uniqueNumber = () => `+1998${String(randomInt(1e7)).padStart(7, '0')}`;
  const [direct, viaTeam, unshared] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
  let directId: string;
  let viaTeamId: string;

  beforeAll(async () => {
    const root = database.root;
    const createdAt = new Date();
    await root.account.create({ data: { id: accountId, name: 'Access', country: 'US', timezone: 'UTC' } });
    await root.user.create({
      data: { id: agentId, accountId, email: `${agentId}@example.test`, name: 'Agent', role: 'agent' },
    });
    await root.team.create({ data: { id: teamId, accountId, name: 'Support', createdAt } });
    directId = await insertActiveNumber(database, { accountId, phoneNumber: direct });
    viaTeamId = await insertActiveNumber(database, { accountId, phoneNumber: viaTeam });
    await insertActiveNumber(database, { accountId, phoneNumber: unshared });
    await root.phoneNumberUserShare.create({
      data: { accountId, numberId: directId, userId: agentId, createdAt },
    });
    await root.phoneNumberTeamShare.create({ data: { accountId, numberId: viaTeamId, teamId, createdAt } });
  });
  afterAll(() => database.close());

  it('names the numbers shared with a user or their teams by id and by E.164 value', async () => {
    expect(await access.numberIdsSharedWith(accountId, agentId)).toEqual(new Set([directId, viaTeamId]));
    expect(await access.phoneNumbersSharedWith(accountId, agentId)).toEqual(new Set([direct, viaTeam]));
    expect(await access.phoneNumbersSharedWith(newId('account'), agentId)).toEqual(new Set());
  });
});
