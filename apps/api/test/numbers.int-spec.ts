import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedClock, newId } from '@switchyard/contracts';
import {
  CARRIER,
  type CarrierPort,
  NumberOrderService,
  NumberReleaseService,
  ReconcileNumberOrdersJob,
  ReleaseDueNumbersJob,
} from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { buyNumber, eventsOf, freshNumber } from './number-fixtures';

// A clock far from the wall clock: workers of other test files (on the system clock) never find these rows due.
const clock = fixedClock('2030-01-01T00:00:00Z');

describe('numbers with the sandbox carrier', () => {
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;
  let database: Database;
  const reconcile = () => new ReconcileNumberOrdersJob(api.app.get(NumberOrderService)).handle();
  const releaseDue = () => new ReleaseDueNumbersJob(api.app.get(NumberReleaseService)).handle();

  beforeAll(async () => {
    api = await startTestApi({
      clock,
      env: { STORAGE_DIR: mkdtempSync(path.join(tmpdir(), 'sy-numbers-')), NUMBER_RELEASE_GRACE_HOURS: '72' },
    });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
    database = api.app.get(Database);
  });
  afterAll(() => api.close());

  describe('search', () => {
    it('returns available numbers with prices and requirements', async () => {
      const found = await api.request(
        'GET',
        '/v1/available-numbers?country=us&areaCode=415&contains=CAFE&limit=3',
        {
          token: account.apiKey,
        },
      );
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ object: 'list', hasMore: false, nextCursor: null });
      expect(found.body.data).toHaveLength(3);
      expect(found.body.data[0]).toEqual({
        object: 'available_number',
        phoneNumber: expect.stringMatching(/^\+1415\d*2233\d*$/),
        country: 'US',
        type: 'local',
        region: 'San Francisco, CA',
        areaCode: '415',
        capabilities: ['voice', 'sms', 'mms'],
        monthlyPrice: { amount: 100, currency: 'USD' },
        setupPrice: { amount: 0, currency: 'USD' },
        requirements: {
          documentsRequired: false,
          documentTypes: [],
          addressRequired: false,
          localPresenceRequired: false,
        },
      });
    });

    it('filters by capabilities and says what GB local numbers need', async () => {
      const found = await api.request(
        'GET',
        '/v1/available-numbers?country=GB&type=local&capabilities=voice&limit=1',
        {
          token: account.apiKey,
        },
      );
      expect(found.body.data[0].requirements).toEqual({
        documentsRequired: true,
        documentTypes: ['proof_of_address'],
        addressRequired: true,
        localPresenceRequired: true,
      });
      const none = await api.request('GET', '/v1/available-numbers?country=GB&type=local&capabilities=sms', {
        token: account.apiKey,
      });
      expect(none.body.data).toEqual([]);
    });

    it('leaves out numbers some account holds', async () => {
      const phoneNumber = await freshNumber(api, account.apiKey);
      const endsWith = phoneNumber.slice(-4);
      const query = `/v1/available-numbers?country=US&areaCode=${phoneNumber.slice(2, 5)}&endsWith=${endsWith}&limit=100`;
      const before = await api.request('GET', query, { token: other.apiKey });
      expect(before.body.data.map((number: { phoneNumber: string }) => number.phoneNumber)).toContain(
        phoneNumber,
      );
      // Held locally only (as while an order is under way), not yet sold by the carrier.
      await database.root.phoneNumber.create({
        data: heldRow(account.accountId, phoneNumber, 'pending_documents'),
      });
      const after = await api.request('GET', query, { token: other.apiKey });
      expect(after.body.data.map((number: { phoneNumber: string }) => number.phoneNumber)).not.toContain(
        phoneNumber,
      );
    });

    it.each([
      ['country=FR', 'unsupported_country'],
      ['country=US&contains=12%2334', 'invalid_number_pattern'],
      ['country=US&nearNumber=12', 'invalid_phone_number'],
      ['country=US&type=landline', 'validation_failed'],
      ['country=US&capabilities=fax', 'validation_failed'],
      ['type=local', 'validation_failed'],
    ])('refuses %s with 400 %s', async (query, code) => {
      const response = await api.request('GET', `/v1/available-numbers?${query}`, { token: account.apiKey });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
    });

    it('lists the supported countries when refusing one', async () => {
      const response = await api.request('GET', '/v1/available-numbers?country=FR', {
        token: account.apiKey,
      });
      expect(response.body.supportedCountries).toEqual(['US', 'CA', 'GB']);
    });
  });

  describe('buying', () => {
    it('buys a number, which becomes active with a number.purchased event carrying it', async () => {
      const phoneNumber = await freshNumber(api, account.apiKey);

      const bought = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber, friendlyName: 'Main line' },
      });

      expect(bought.status).toBe(201);
      expect(bought.body).toMatchObject({
        id: expect.stringMatching(/^num_/),
        object: 'number',
        phoneNumber,
        country: 'US',
        type: 'local',
        status: 'active',
        friendlyName: 'Main line',
        carrier: 'sandbox',
        purchasedAt: '2030-01-01T00:00:00.000Z',
        sharedWith: { userIds: [], teamIds: [] },
      });
      const read = await api.request('GET', `/v1/numbers/${bought.body.id}`, { token: account.apiKey });
      const [event] = (await eventsOf(api, account.accountId, 'number.purchased')).filter(
        (candidate) => (candidate.data as { id: string }).id === bought.body.id,
      );
      expect(event?.data).toEqual(read.body);
      expect(
        await api.app.get<symbol, CarrierPort>(CARRIER).getOrder({ reference: bought.body.id }),
      ).toMatchObject({
        status: 'success',
        phoneNumber,
      });
    });

    it('buys once for the same Idempotency-Key', async () => {
      const phoneNumber = await freshNumber(api, other.apiKey);
      const request = {
        token: other.apiKey,
        body: { phoneNumber },
        headers: { 'idempotency-key': `buy-${phoneNumber}` },
      };

      const first = await api.request('POST', '/v1/numbers', request);
      const second = await api.request('POST', '/v1/numbers', request);

      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(
        await database.root.phoneNumber.count({ where: { accountId: other.accountId, phoneNumber } }),
      ).toBe(1);
      const purchased = (await eventsOf(api, other.accountId, 'number.purchased')).filter(
        (event) => (event.data as { phoneNumber: string }).phoneNumber === phoneNumber,
      );
      expect(purchased).toHaveLength(1);
    });

    it('lets exactly one of two accounts racing for a number win', async () => {
      const phoneNumber = await freshNumber(api, account.apiKey);

      const answers = await Promise.all(
        [account, other].map((buyer) =>
          api.request('POST', '/v1/numbers', { token: buyer.apiKey, body: { phoneNumber } }),
        ),
      );

      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('number_not_available');
      expect(await database.root.phoneNumber.count({ where: { phoneNumber, status: 'active' } })).toBe(1);
    });

    it('refuses a number another account holds with 409', async () => {
      const phoneNumber = await freshNumber(api, account.apiKey);
      await buyNumber(api, account, phoneNumber);
      const second = await api.request('POST', '/v1/numbers', { token: other.apiKey, body: { phoneNumber } });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ code: 'number_not_available', phoneNumber });
    });

    it.each([
      ['+1415', 'invalid_phone_number', 'too_short'],
      ['not a number', 'invalid_phone_number', 'not_a_number'],
      ['+1 415 000 0000', 'invalid_phone_number', 'invalid'],
    ])('refuses %j with 400 %s (%s)', async (phoneNumber, code, reason) => {
      const response = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code, reason, errors: [{ field: 'phoneNumber', code }] });
    });

    it('refuses numbers of unsupported countries, listing the supported ones', async () => {
      const response = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber: '+33612345678' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'unsupported_country',
        supportedCountries: ['US', 'CA', 'GB'],
      });
    });

    it('refuses unknown fields', async () => {
      const response = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber: '+14155550123', status: 'active' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'status', code: 'unknown_field' }),
      ]);
    });

    it('records a failed carrier order with its reason, without holding the number', async () => {
      const found = await api.request(
        'GET',
        '/v1/available-numbers?country=US&areaCode=512&endsWith=0000&limit=1',
        {
          token: account.apiKey,
        },
      );
      const phoneNumber = found.body.data[0].phoneNumber as string;

      const failed = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber },
      });

      expect(failed.status).toBe(422);
      expect(failed.body).toMatchObject({
        code: 'number_order_failed',
        reason: 'Sandbox numbers ending in 0000 always fail to order',
      });
      const read = await api.request('GET', `/v1/numbers/${failed.body.numberId}`, { token: account.apiKey });
      expect(read.body).toMatchObject({ status: 'failed', failureReason: failed.body.reason });
      const again = await api.request('POST', '/v1/numbers', { token: other.apiKey, body: { phoneNumber } });
      expect(again.body.code).toBe('number_order_failed');
    });
  });

  describe('recovering orders a crash left behind', () => {
    it('completes an order the carrier holds and fails one it does not', async () => {
      const carrier = api.app.get<symbol, CarrierPort>(CARRIER);
      const [heldByCarrier, unknownToCarrier] = [
        await freshNumber(api, account.apiKey),
        await freshNumber(api, account.apiKey),
      ];
      const completed = heldRow(account.accountId, heldByCarrier, 'ordering');
      const lost = heldRow(account.accountId, unknownToCarrier, 'ordering');
      await database.root.phoneNumber.createMany({ data: [completed, lost] });
      // The crash came after the carrier took the first order and before the outcome was recorded.
      await carrier.orderNumber({ phoneNumber: heldByCarrier, reference: completed.id });

      await reconcile();
      const tooSoon = await database.root.phoneNumber.findMany({
        where: { id: { in: [completed.id, lost.id] } },
      });
      expect(tooSoon.map((row) => row.status)).toEqual(['ordering', 'ordering']);

      clock.advance(3 * 60_000);
      await reconcile();
      await reconcile();

      const active = await api.request('GET', `/v1/numbers/${completed.id}`, { token: account.apiKey });
      const failed = await api.request('GET', `/v1/numbers/${lost.id}`, { token: account.apiKey });
      expect(active.body).toMatchObject({ status: 'active', phoneNumber: heldByCarrier });
      expect(failed.body).toMatchObject({
        status: 'failed',
        failureReason: 'The carrier has no order for this number.',
      });
      const events = (await eventsOf(api, account.accountId, 'number.purchased')).filter(
        (event) => (event.data as { id: string }).id === completed.id,
      );
      expect(events).toHaveLength(1);
      await buyNumber(api, other, unknownToCarrier);
    });
  });

  describe('managing', () => {
    it('updates settings with a number.updated event and validates the handling', async () => {
      const number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
      const flow = await api.request('POST', '/v1/flows', {
        token: account.apiKey,
        body: {
          name: 'Main line',
          draft: { startNodeId: 'bye', nodes: [{ id: 'bye', kind: 'hangup', exits: {} }] },
        },
      });
      expect(flow.status).toBe(201);

      const updated = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: {
          friendlyName: 'Sales',
          description: 'Flyers',
          tags: ['sales', 'west'],
          voice: { type: 'flow', flowId: flow.body.id },
          messaging: { type: 'forward', to: '+1 (212) 555-0199' },
        },
      });

      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        friendlyName: 'Sales',
        tags: ['sales', 'west'],
        voice: { type: 'flow', flowId: flow.body.id },
        messaging: { type: 'forward', to: '+12125550199' },
      });
      const events = (await eventsOf(api, account.accountId, 'number.updated')).filter(
        (event) => (event.data as { id: string }).id === number.id,
      );
      expect(events.map((event) => event.data)).toContainEqual(updated.body);

      const cleared = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: { friendlyName: null, voice: null },
      });
      expect(cleared.body).toMatchObject({ friendlyName: null, voice: null, description: 'Flyers' });

      const badUser = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: { voice: { type: 'user', userId: other.ownerId } },
      });
      expect(badUser.status).toBe(400);
      expect(badUser.body.errors).toEqual([
        expect.objectContaining({ field: 'voice.userId', code: 'user_not_found' }),
      ]);
      const badForward = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: { messaging: { type: 'forward', to: '12' } },
      });
      expect(badForward.body.code).toBe('invalid_phone_number');
      const otherAccountsFlow = await api.request('POST', '/v1/flows', {
        token: other.apiKey,
        body: {
          name: 'Elsewhere',
          draft: { startNodeId: 'bye', nodes: [{ id: 'bye', kind: 'hangup', exits: {} }] },
        },
      });
      const foreignFlow = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: { voice: { type: 'flow', flowId: otherAccountsFlow.body.id } },
      });
      expect(foreignFlow.status).toBe(400);
      expect(foreignFlow.body.errors).toEqual([
        expect.objectContaining({ field: 'voice.flowId', code: 'flow_not_found' }),
      ]);
      const missingFlow = await api.request('PATCH', `/v1/numbers/${number.id}`, {
        token: account.apiKey,
        body: { voice: { type: 'flow' } },
      });
      expect(new Set(missingFlow.body.errors.map((error: { field: string }) => error.field))).toEqual(
        new Set(['voice.flowId']),
      );
    });

    it('lists with filters, digit search and cursors, and exports CSV', async () => {
      const lister = await api.provisionAccount('Lister');
      const first = await buyNumber(api, lister, await freshNumber(api, lister.apiKey));
      // Ids sort by creation time; on a frozen clock the second number must come a millisecond later.
      clock.advance(1);
      const second = await buyNumber(
        api,
        lister,
        await freshNumber(api, lister.apiKey, { country: 'US', type: 'toll_free' }),
      );
      await api.request('PATCH', `/v1/numbers/${first.id}`, {
        token: lister.apiKey,
        body: { friendlyName: '=HYPERLINK("x")' },
      });

      const all = await api.request('GET', '/v1/numbers?limit=1', { token: lister.apiKey });
      expect(all.body).toMatchObject({ object: 'list', hasMore: true, nextCursor: second.id });
      expect(all.body.data.map((number: { id: string }) => number.id)).toEqual([second.id]);
      const next = await api.request('GET', `/v1/numbers?limit=1&startingAfter=${second.id}`, {
        token: lister.apiKey,
      });
      expect(next.body).toMatchObject({ hasMore: false, nextCursor: null, data: [{ id: first.id }] });
      const tollFree = await api.request('GET', '/v1/numbers?type=toll_free&country=us', {
        token: lister.apiKey,
      });
      expect(tollFree.body.data.map((number: { id: string }) => number.id)).toEqual([second.id]);
      const digits = first.phoneNumber.slice(-6);
      const searched = await api.request(
        'GET',
        `/v1/numbers?search=${digits.slice(0, 3)}-${digits.slice(3)}`,
        {
          token: lister.apiKey,
        },
      );
      expect(searched.body.data.map((number: { id: string }) => number.id)).toEqual([first.id]);
      const failedOnes = await api.request('GET', '/v1/numbers?status=failed', { token: lister.apiKey });
      expect(failedOnes.body.data).toEqual([]);

      const csv = await api.request('GET', '/v1/numbers', {
        token: lister.apiKey,
        headers: { accept: 'text/csv' },
      });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = (csv.body as string).trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,phoneNumber,country,type,region,status,friendlyName,/);
      expect(lines).toHaveLength(3);
      expect(lines[2]).toContain(`${first.id},${first.phoneNumber},US,local`);
      expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    });

    it('answers 404 for numbers of another account', async () => {
      const number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
      const token = other.apiKey;
      const answers = await Promise.all([
        api.request('GET', `/v1/numbers/${number.id}`, { token }),
        api.request('PATCH', `/v1/numbers/${number.id}`, { token, body: { friendlyName: 'Mine' } }),
        api.request('DELETE', `/v1/numbers/${number.id}`, { token }),
        api.request('POST', `/v1/numbers/${number.id}/restore`, { token }),
        api.request('POST', `/v1/numbers/${number.id}/share`, { token, body: { userIds: [other.ownerId] } }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
      expect(answers[0]!.body.code).toBe('resource_not_found');
      const listed = await api.request('GET', '/v1/numbers?limit=200', { token });
      expect(listed.body.data.map((listedNumber: { id: string }) => listedNumber.id)).not.toContain(
        number.id,
      );
    });
  });

  describe('releasing', () => {
    it('keeps a released number restorable for the grace period, then gives it back to the carrier', async () => {
      const releaser = await api.provisionAccount('Releaser');
      const number = await buyNumber(api, releaser, await freshNumber(api, releaser.apiKey));

      const releasing = await api.request('DELETE', `/v1/numbers/${number.id}`, { token: releaser.apiKey });
      expect(releasing.status).toBe(200);
      expect(releasing.body).toMatchObject({ status: 'releasing', releaseAt: isoAfterHours(72) });
      expect(
        (await api.request('DELETE', `/v1/numbers/${number.id}`, { token: releaser.apiKey })).body,
      ).toEqual(releasing.body);

      const restored = await api.request('POST', `/v1/numbers/${number.id}/restore`, {
        token: releaser.apiKey,
      });
      expect(restored.body).toMatchObject({ status: 'active', releaseAt: null });
      const notReleasing = await api.request('POST', `/v1/numbers/${number.id}/restore`, {
        token: releaser.apiKey,
      });
      expect(notReleasing.status).toBe(409);
      expect(notReleasing.body.code).toBe('number_not_releasing');

      const releasedAgain = await api.request('DELETE', `/v1/numbers/${number.id}`, {
        token: releaser.apiKey,
      });
      clock.advance(72 * 3_600_000 - 1);
      await releaseDue();
      expect(
        (await api.request('GET', `/v1/numbers/${number.id}`, { token: releaser.apiKey })).body.status,
      ).toBe('releasing');
      clock.advance(1);
      await releaseDue();
      await releaseDue();

      const released = await api.request('GET', `/v1/numbers/${number.id}`, { token: releaser.apiKey });
      expect(released.body).toMatchObject({ status: 'released', releasedAt: releasedAgain.body.releaseAt });
      const events = await eventsOf(api, releaser.accountId, 'number.released');
      expect(events.map((event) => event.data)).toEqual([released.body]);
      const afterRelease = await api.request('POST', `/v1/numbers/${number.id}/restore`, {
        token: releaser.apiKey,
      });
      expect(afterRelease.body.code).toBe('number_not_releasing');
      expect(
        (await api.request('DELETE', `/v1/numbers/${number.id}`, { token: releaser.apiKey })).body.code,
      ).toBe('number_not_releasable');
      expect((await api.request('GET', '/v1/numbers', { token: releaser.apiKey })).body.data).toEqual([]);
      // Back on sale at the carrier, so another account can buy it.
      await buyNumber(api, other, number.phoneNumber);
    });
  });

  describe('documents', () => {
    const pdf = Buffer.from('%PDF-1.4 a utility bill').toString('base64');
    const address = { line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' };

    it('describes the regulatory requirements', async () => {
      const all = await api.request('GET', '/v1/regulatory-requirements', { token: account.apiKey });
      expect(all.body.data).toHaveLength(9);
      const gbLocal = await api.request('GET', '/v1/regulatory-requirements?country=gb&type=local', {
        token: account.apiKey,
      });
      expect(gbLocal.body.data).toEqual([
        expect.objectContaining({
          id: 'GB.local',
          object: 'regulatory_requirement',
          documentTypes: ['proof_of_address'],
          addressRequired: true,
          localPresenceRequired: true,
        }),
      ]);
      const unknown = await api.request('GET', '/v1/regulatory-requirements?country=DE', {
        token: account.apiKey,
      });
      expect(unknown.body.code).toBe('unsupported_country');
    });

    it('holds a GB local number until an approved submission, then orders it', async () => {
      const holder = await api.provisionAccount('UK holder');
      const phoneNumber = await freshNumber(api, holder.apiKey, { country: 'GB', type: 'local' });

      const pending = await api.request('POST', '/v1/numbers', {
        token: holder.apiKey,
        body: { phoneNumber },
      });
      expect(pending.status).toBe(201);
      expect(pending.body).toMatchObject({ status: 'pending_documents', purchasedAt: null });
      const taken = await api.request('POST', '/v1/numbers', { token: other.apiKey, body: { phoneNumber } });
      expect(taken.body.code).toBe('number_not_available');

      const incomplete = await api.request('POST', '/v1/requirement-submissions', {
        token: holder.apiKey,
        body: {
          country: 'GB',
          type: 'local',
          address: { ...address, country: 'FR' },
          documents: [
            {
              documentType: 'identity_document',
              fileName: 'id.png',
              contentType: 'image/png',
              contentBase64: pdf,
            },
          ],
        },
      });
      expect(incomplete.status).toBe(201);
      expect(incomplete.body).toMatchObject({
        status: 'rejected',
        rejectionReason: 'missing documents: proof_of_address; the address must be in GB',
      });
      expect(
        (await api.request('GET', `/v1/numbers/${pending.body.id}`, { token: holder.apiKey })).body.status,
      ).toBe('pending_documents');

      const approved = await api.request('POST', '/v1/requirement-submissions', {
        token: holder.apiKey,
        body: {
          country: 'GB',
          type: 'local',
          address,
          documents: [
            {
              documentType: 'proof_of_address',
              fileName: 'bill.pdf',
              contentType: 'application/pdf',
              contentBase64: pdf,
            },
          ],
        },
      });
      expect(approved.body).toMatchObject({
        id: expect.stringMatching(/^rqs_/),
        object: 'requirement_submission',
        status: 'approved',
        address,
        documents: [
          {
            id: expect.stringMatching(/^doc_/),
            documentType: 'proof_of_address',
            fileName: 'bill.pdf',
            contentType: 'application/pdf',
            sizeBytes: 23,
          },
        ],
      });
      const active = await api.request('GET', `/v1/numbers/${pending.body.id}`, { token: holder.apiKey });
      expect(active.body).toMatchObject({ status: 'active', purchasedAt: expect.any(String) });
      const listed = await api.request('GET', '/v1/requirement-submissions?status=approved', {
        token: holder.apiKey,
      });
      expect(listed.body.data.map((submission: { id: string }) => submission.id)).toEqual([approved.body.id]);
      const foreign = await api.request('GET', `/v1/requirement-submissions/${approved.body.id}`, {
        token: other.apiKey,
      });
      expect(foreign.status).toBe(404);

      const next = await freshNumber(api, holder.apiKey, { country: 'GB', type: 'local' });
      expect((await buyNumber(api, holder, next)).status).toBe('active');
    });

    it('refuses malformed documents', async () => {
      const response = await api.request('POST', '/v1/requirement-submissions', {
        token: account.apiKey,
        body: {
          country: 'GB',
          type: 'local',
          documents: [
            { documentType: 'selfie', fileName: 'x', contentType: 'text/html', contentBase64: '***' },
          ],
        },
      });
      expect(response.status).toBe(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(
        new Set(['documents.0.contentBase64', 'documents.0.contentType', 'documents.0.documentType']),
      );
    });
  });

  describe('phone number tools', () => {
    it('validates and formats a national number, naming the sandbox as carrier of numbers it sold', async () => {
      const report = await api.request('GET', '/v1/tools/phone-numbers/020%207946%200123?country=GB', {
        token: account.apiKey,
      });
      expect(report.body).toEqual({
        object: 'phone_number_report',
        input: '020 7946 0123',
        valid: true,
        possible: true,
        e164: '+442079460123',
        nationalFormat: '020 7946 0123',
        internationalFormat: '+44 20 7946 0123',
        country: 'GB',
        type: 'fixed_line',
        areaCode: '20',
        region: 'London',
        invalidReason: null,
        carrier: { name: null, type: 'fixed_line' },
      });
      const number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
      const owned = await api.request(
        'GET',
        `/v1/tools/phone-numbers/${encodeURIComponent(number.phoneNumber)}`,
        {
          token: account.apiKey,
        },
      );
      expect(owned.body.carrier).toEqual({ name: 'Switchyard Sandbox', type: 'fixed_line_or_mobile' });
    });

    it('reports invalid numbers without failing', async () => {
      const tooShort = await api.request('GET', '/v1/tools/phone-numbers/%2B1415', { token: account.apiKey });
      expect(tooShort.status).toBe(200);
      expect(tooShort.body).toMatchObject({
        valid: false,
        e164: null,
        invalidReason: 'too_short',
        carrier: null,
      });
      const withoutCountry = await api.request('GET', '/v1/tools/phone-numbers/4155550123', {
        token: account.apiKey,
      });
      expect(withoutCountry.body).toMatchObject({ valid: false, invalidReason: 'invalid_country' });
      const badCountry = await api.request('GET', '/v1/tools/phone-numbers/123?country=USA', {
        token: account.apiKey,
      });
      expect(badCountry.status).toBe(400);
    });
  });
});

function isoAfterHours(hours: number): string {
  return new Date(clock.now().getTime() + hours * 3_600_000).toISOString();
}

/** A row as the purchase saga writes it before the carrier answers. */
function heldRow(accountId: string, phoneNumber: string, status: 'ordering' | 'pending_documents') {
  const now = clock.now();
  return {
    id: newId('number', now.getTime()),
    accountId,
    phoneNumber,
    country: 'US',
    type: 'local' as const,
    region: 'United States',
    capabilities: ['voice'],
    monthlyPriceAmount: 100,
    setupPriceAmount: 0,
    currency: 'USD',
    status,
    carrier: 'sandbox',
    orderedAt: now,
    createdAt: now,
  };
}
