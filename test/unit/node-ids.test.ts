import { describe, expect, it } from 'vitest';
import { FingerprintMap } from '../../seed/bulk/fingerprint-map.ts';
import { NodeIds } from '../../seed/bulk/node-ids.ts';

describe('FingerprintMap', () => {
  it('keeps the value a key was first added with and answers undefined for keys never added', () => {
    const map = new FingerprintMap();
    expect(map.getOrAdd('D1', 7)).toBe(7);
    expect(map.getOrAdd('D1', 9)).toBe(7);
    expect(map.get('D1')).toBe(7);
    expect(map.get('D2')).toBeUndefined();
    expect(map.size).toBe(1);
  });

  it('tells apart keys that differ only in order, case, length or non-ASCII characters', () => {
    const keys = ['', 'a1', '1a', 'A1', 'a1 ', 'a', '手机', '手机1', '\u0000', '\u0000\u0000'];
    const map = new FingerprintMap();
    const added = keys.map((key, value) => map.getOrAdd(key, value));
    expect(keys.map((key) => map.get(key))).toEqual(added);
    expect(added).toEqual(keys.map((_, value) => value));
  });

  it('returns every value of 300k keys after growing from its smallest table, and 0 as a value', () => {
    const map = new FingerprintMap(1);
    const count = 300_000;
    for (let i = 0; i < count; i += 1) map.getOrAdd(`T${i}`, i);
    let wrong = 0;
    for (let i = 0; i < count; i += 1) if (map.get(`T${i}`) !== i) wrong += 1;
    expect(wrong).toBe(0);
    expect(map.size).toBe(count);
    expect(map.get(`T${count}`)).toBeUndefined();
  });
});

describe('NodeIds', () => {
  it('numbers nodes densely from 0 over all labels, in the order they are first used', () => {
    const ids = new NodeIds<'Account' | 'Device'>();
    expect(ids.add('Account', 'A1')).toBe(0);
    expect(ids.fresh()).toBe(1);
    expect(ids.add('Device', 'D1')).toBe(2);
    expect(ids.add('Account', 'A2')).toBe(3);
    expect(ids.fresh()).toBe(4);
  });

  it('gives one input id one node per label and says when `add` created it', () => {
    const ids = new NodeIds<'Account' | 'Device'>();
    const account = ids.add('Account', 'X');
    expect(ids.created).toBe(true);
    const device = ids.add('Device', 'X');
    expect(ids.created).toBe(true);
    expect(device).not.toBe(account);
    expect(ids.add('Account', 'X')).toBe(account);
    expect(ids.created).toBe(false);
    expect(ids.find('Device', 'X')).toBe(device);
  });

  it('finds only nodes that `add` created: not an unknown id, nor one of another label', () => {
    const ids = new NodeIds<'Account' | 'Merchant'>();
    ids.add('Account', 'A1');
    expect(ids.find('Account', 'A2')).toBeUndefined();
    expect(ids.find('Merchant', 'A1')).toBeUndefined();
  });

  it('refuses with BULK_MEMORY to grow its maps past their byte budget, counting old and new table while one doubles', () => {
    // A map starts at 2,048 slots of 16 bytes (32 KiB) and doubles past 1,024 keys, when the
    // old 32 KiB and the new 64 KiB live side by side.
    const ids = new NodeIds<'Tracking' | 'Device'>(2 * 32 * 1024 + 64 * 1024 - 1);
    ids.add('Device', 'D1');
    for (let i = 0; i < 1024; i += 1) ids.add('Tracking', `T${i}`);
    expect(ids.bytes).toBe(2 * 32 * 1024);
    let refused: unknown;
    try {
      ids.add('Tracking', 'T1024');
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'BULK_MEMORY' });
    expect(String((refused as Error).message)).toContain('1026 distinct ids so far');
  });

  it('counts only the tables in use once a doubling is done', () => {
    const ids = new NodeIds<'Tracking'>(2 * 32 * 1024 + 64 * 1024);
    for (let i = 0; i < 1025; i += 1) ids.add('Tracking', `T${i}`);
    expect(ids.bytes).toBe(64 * 1024);
  });
});
