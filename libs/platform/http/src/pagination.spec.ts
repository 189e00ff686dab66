import { describe, expect, it } from 'vitest';
import { idPageArguments, listResponse, pageFromRows } from './pagination';

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
