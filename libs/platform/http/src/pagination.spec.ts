import { describe, expect, it } from 'vitest';
import { allPages, idPageArguments, listResponse, pageFromRows } from './pagination';

const rows = (ids: string[]) => ids.map((id) => ({ id }));

describe('cursor pagination', () => {
  it('reads one extra row to know whether more exist', () => {
    const request = { limit: 2 };
    expect(idPageArguments(request)).toEqual({ where: {}, orderBy: { id: 'desc' }, take: 3 });
    const page = pageFromRows(rows(['c', 'b', 'a']), request);
    expect(listResponse(page)).toEqual({
      object: 'list',
      data: rows(['c', 'b']),
      hasMore: true,
      nextCursor: 'b',
    });
  });

  it('continues after a cursor and ends without one', () => {
    const request = { limit: 2, startingAfter: 'b' };
    expect(idPageArguments(request).where).toEqual({ id: { lt: 'b' } });
    expect(listResponse(pageFromRows(rows(['a']), request))).toEqual({
      object: 'list',
      data: rows(['a']),
      hasMore: false,
      nextCursor: null,
    });
  });

  it('walks backwards before a cursor and keeps newest-first order', () => {
    const request = { limit: 2, endingBefore: 'a' };
    expect(idPageArguments(request)).toEqual({ where: { id: { gt: 'a' } }, orderBy: { id: 'asc' }, take: 3 });
    expect(pageFromRows(rows(['b', 'c']), request).items).toEqual(rows(['c', 'b']));
  });
});

describe('allPages', () => {
  it('reads every page after the last id until no more follow', async () => {
    const ids = ['e', 'd', 'c', 'b', 'a'];
    const requests: (string | undefined)[] = [];
    const read = async (request: { limit: number; startingAfter?: string }) => {
      requests.push(request.startingAfter);
      const from = request.startingAfter === undefined ? 0 : ids.indexOf(request.startingAfter) + 1;
      return pageFromRows(rows(ids.slice(from, from + request.limit + 1)), request);
    };
    const seen: string[] = [];
    for await (const row of allPages(read, 2)) seen.push(row.id);
    expect(seen).toEqual(ids);
    expect(requests).toEqual([undefined, 'd', 'b']);
  });
});
