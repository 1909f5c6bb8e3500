import { describe, expect, it } from 'vitest';
import { BloomFilter, rowFingerprint } from '../../seed/bloom.ts';

const keys = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('BloomFilter', () => {
  it('answers "maybe seen" for every one of 100k keys added before (no false negatives)', () => {
    const filter = new BloomFilter(100_000);
    const added = keys('O', 100_000);
    for (const key of added) filter.add(key);
    const missed = added.filter((key) => !filter.add(key));
    expect(missed).toEqual([]);
  });

  it('answers "new" the first time a key is added to an empty filter', () => {
    const filter = new BloomFilter(10);
    expect(filter.add('A1')).toBe(false);
    expect(filter.add('A1')).toBe(true);
  });

  /**
   * `add` is the only probe and it inserts what it probes, so each measurement probes few keys
   * (5,000 against 100k or more: the load grows by at most 5% while measuring).
   */
  function falsePositiveRate(expectedItems: number, key: (i: number) => string): number {
    const filter = new BloomFilter(expectedItems);
    for (let i = 0; i < expectedItems; i += 1) filter.add(key(i));
    let falsePositives = 0;
    for (let i = expectedItems; i < expectedItems + 5_000; i += 1)
      if (filter.add(key(i))) falsePositives += 1;
    return falsePositives / 5_000;
  }

  it.each([100_000, 200_000, 1_000_000])(
    'keeps false positives under 2%% when filled to its design load of %i keys',
    (expectedItems) => {
      expect(falsePositiveRate(expectedItems, (i) => `ORD-${i}`)).toBeLessThan(0.02);
    },
  );

  it('keeps false positives under 2% for zero-padded keys that differ only in their last characters', () => {
    expect(falsePositiveRate(200_000, (i) => `O${String(i).padStart(12, '0')}`)).toBeLessThan(0.02);
  });

  it('tells apart keys of non-ASCII text', () => {
    const filter = new BloomFilter(10);
    filter.add('鑫源数码专营店');
    expect(filter.add('鑫源数码专营店')).toBe(true);
    expect(filter.add('鑫源数码专卖店')).toBe(false);
  });
});

describe('rowFingerprint', () => {
  const row = ['O1', 'A1', 'M1', '2026-02-01T01:10:00+08:00', '4999.00', 'bnpl', 'delivered'];

  it('is the same for the same fields', () => {
    expect(rowFingerprint([...row])).toBe(rowFingerprint(row));
  });

  it.each(row.map((_, index) => index))(
    'changes when field %i alone changes by one character',
    (index) => {
      const changed = [...row];
      changed[index] = `${changed[index]}x`;
      expect(rowFingerprint(changed)).not.toBe(rowFingerprint(row));
    },
  );

  it('changes when a character moves across a field boundary', () => {
    expect(rowFingerprint(['ab', 'c'])).not.toBe(rowFingerprint(['a', 'bc']));
  });

  it('changes when an empty field is added at the end', () => {
    expect(rowFingerprint(['a', 'b', ''])).not.toBe(rowFingerprint(['a', 'b']));
  });

  it('changes when one amount differs only in its last digit', () => {
    const cheaper = [...row];
    cheaper[4] = '4999.01';
    expect(rowFingerprint(cheaper)).not.toBe(rowFingerprint(row));
  });
});
