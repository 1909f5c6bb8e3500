import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toPlain, toPlainRow } from '../../server/db/values.ts';

describe('driver values to plain values', () => {
  it('turns temporals into ISO strings, also inside lists and maps', () => {
    const at = new neo4j.types.DateTime(2026, 5, 1, 8, 30, 0, 0, 28_800);
    expect(toPlain({ at, list: [at], nested: { at } })).toEqual({
      at: '2026-05-01T08:30:00+08:00',
      list: ['2026-05-01T08:30:00+08:00'],
      nested: { at: '2026-05-01T08:30:00+08:00' },
    });
  });

  it('returns a list of plain values as it is, without a copy', () => {
    const times = [1, 2, 3];
    expect(toPlain(times)).toBe(times);
    expect(toPlain(['a', null])).toEqual(['a', null]);
  });

  it('converts a row in place, leaving its plain fields untouched', () => {
    const at = new neo4j.types.Date(2026, 5, 1);
    const ids = ['O1', 'O2'];
    const row: Record<string, unknown> = { id: 'A1', at, ids, missing: null, gone: undefined };
    expect(toPlainRow(row)).toBe(row);
    expect(row).toEqual({ id: 'A1', at: '2026-05-01', ids, missing: null, gone: null });
    expect(row.ids).toBe(ids);
  });
});
