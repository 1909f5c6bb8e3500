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

  it('writes a path as its nodes and relationships alternating, start first, a zero-length one as its node', () => {
    const node = (id: number, name: string) =>
      new neo4j.types.Node(neo4j.int(id), ['Account'], { id: name }, `n${id}`);
    const [a, o] = [node(1, 'A1'), node(2, 'O1')];
    const placed = new neo4j.types.Relationship(
      neo4j.int(9),
      neo4j.int(1),
      neo4j.int(2),
      'PLACED',
      {},
      'r9',
      'n1',
      'n2',
    );
    const path = new neo4j.types.Path(a, o, [new neo4j.types.PathSegment(a, placed, o)]);
    expect(toPlain(path)).toEqual([
      { labels: ['Account'], properties: { id: 'A1' }, elementId: 'n1' },
      {
        type: 'PLACED',
        properties: {},
        elementId: 'r9',
        startNodeElementId: 'n1',
        endNodeElementId: 'n2',
      },
      { labels: ['Account'], properties: { id: 'O1' }, elementId: 'n2' },
    ]);
    expect(toPlain(new neo4j.types.Path(a, a, []))).toEqual([
      { labels: ['Account'], properties: { id: 'A1' }, elementId: 'n1' },
    ]);
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
