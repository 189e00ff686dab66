import { describe, expect, it } from 'vitest';
import { useTestApiWithAccount } from './api-test-harness';

describe('contacts', () => {
  const context = useTestApiWithAccount();
  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    token = context.account.apiKey,
  ) => context.api.request(method, url, { token, ...(body !== undefined && { body }) });

  it('creates, reads, lists by tag, updates and deletes a contact', async () => {
    const created = await request('POST', '/v1/contacts', {
      phoneNumber: '+14155550101',
      firstName: 'Ada',
      lastName: 'Lovelace',
      tags: ['vip', 'beta'],
      fields: { plan: 'gold', seats: 3, trial: false },
      timeZone: 'America/Los_Angeles',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      object: 'contact',
      id: expect.stringMatching(/^ct_/),
      phoneNumber: '+14155550101',
      firstName: 'Ada',
      tags: ['vip', 'beta'],
      fields: { plan: 'gold', seats: 3, trial: false },
      timeZone: 'America/Los_Angeles',
    });
    const id = created.body.id as string;

    expect((await request('GET', `/v1/contacts/${id}`)).body).toEqual(created.body);
    const byTag = await request('GET', '/v1/contacts?tag=vip');
    expect(byTag.body.data.map((contact: { id: string }) => contact.id)).toContain(id);
    expect((await request('GET', '/v1/contacts?tag=nobody')).body.data).toEqual([]);

    const updated = await request('PATCH', `/v1/contacts/${id}`, { firstName: 'Augusta', timeZone: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace', timeZone: null });

    expect((await request('DELETE', `/v1/contacts/${id}`)).status).toBe(204);
    expect((await request('GET', `/v1/contacts/${id}`)).status).toBe(404);
  });

  it('rejects bad input field by field, and a second contact with the same number', async () => {
    const bad = await request('POST', '/v1/contacts', {
      phoneNumber: '+1415',
      timeZone: 'Mars/Olympus',
      fields: { 'not a name': 'x', nested: { deep: true } },
    });
    expect(bad.status).toBe(400);
    expect(
      bad.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
    ).toEqual(
      expect.arrayContaining([
        ['phoneNumber', 'invalid_phone_number'],
        ['timeZone', 'unknown_time_zone'],
        ['fields.not a name', 'invalid_field_name'],
        ['fields.nested', 'invalid_field_value'],
      ]),
    );
    expect(
      (await request('POST', '/v1/contacts', { phoneNumber: '+14155550102', color: 'red' })).status,
    ).toBe(400);
    expect((await request('POST', '/v1/contacts', { phoneNumber: '+14155550102' })).status).toBe(201);
    const again = await request('POST', '/v1/contacts', { phoneNumber: '+14155550102' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('contact_exists');
  });

  it('hides contacts of other accounts (404)', async () => {
    const other = await context.api.provisionAccount('Other account');
    const theirs = await request('POST', '/v1/contacts', { phoneNumber: '+14155550103' }, other.apiKey);
    expect(theirs.status).toBe(201);
    const id = theirs.body.id as string;
    expect((await request('GET', `/v1/contacts/${id}`)).status).toBe(404);
    expect((await request('PATCH', `/v1/contacts/${id}`, { firstName: 'X' })).status).toBe(404);
    expect((await request('DELETE', `/v1/contacts/${id}`)).status).toBe(404);
  });

  it('imports CSV: new and known numbers, custom fields, a tag for all, bad rows by line', async () => {
    await request('POST', '/v1/contacts', { phoneNumber: '+14155550111', firstName: 'Known', tags: ['old'] });
    const csv = [
      'phoneNumber,firstName,lastName,tags,plan',
      '+14155550111,,Known-Last,beta,silver',
      '+14155550112,"Smith, Jr.",Jones,vip;beta,gold',
      'not-a-number,Bad,Row,,',
      '',
    ].join('\r\n');
    const imported = await context.api.request('POST', '/v1/contacts/import?tag=spring', {
      token: context.account.apiKey,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ object: 'contact_import', created: 1, updated: 1 });
    expect(imported.body.skipped).toEqual([
      { line: 4, errors: [expect.objectContaining({ field: 'phoneNumber', code: 'invalid_phone_number' })] },
    ]);
    const spring = await request('GET', '/v1/contacts?tag=spring');
    const byNumber = Object.fromEntries(
      spring.body.data.map((contact: { phoneNumber: string }) => [contact.phoneNumber, contact]),
    );
    expect(byNumber['+14155550111']).toMatchObject({
      firstName: 'Known',
      lastName: 'Known-Last',
      tags: expect.arrayContaining(['old', 'beta', 'spring']),
      fields: { plan: 'silver' },
    });
    expect(byNumber['+14155550112']).toMatchObject({
      firstName: 'Smith, Jr.',
      tags: expect.arrayContaining(['vip', 'beta', 'spring']),
      fields: { plan: 'gold' },
    });

    const noNumberColumn = await context.api.request('POST', '/v1/contacts/import', {
      token: context.account.apiKey,
      body: 'name\nAda\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(noNumberColumn.status).toBe(400);
    expect(noNumberColumn.body.errors[0].code).toBe('missing_phone_number_column');
  });
});
