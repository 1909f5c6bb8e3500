/**
 * A map from strings to 32-bit unsigned values, keyed by 96-bit fingerprints in one
 * open-addressing table of 32-bit words: 16 bytes a slot at a load factor of at most one half,
 * so ≤ 32 bytes per key and no per-key objects on the heap, whatever the number of keys.
 *
 * Two distinct keys with equal fingerprints would share one value. The bulk loader maps ids to
 * node ids with it, so such a collision would link rows to the wrong node without any error:
 * three unrelated 32-bit hashes make it about n² / 2⁹⁷ likely, one in ~10¹⁵ for ten million keys.
 */
export class FingerprintMap {
  private table: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Uint32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `key`, or undefined when it was never added. */
  get(key: string): number | undefined {
    const a = hashA(key);
    const b = hashB(key);
    const c = hashC(key);
    const table = this.table;
    for (let slot = a & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const y = table[at + 1] as number;
      if (y === 0) return undefined;
      if (table[at] === a && y === b && table[at + 2] === c) return table[at + 3];
    }
  }

  /** The value of `key`; when it was never added, adds it with `value` and returns that. */
  getOrAdd(key: string, value: number): number {
    const found = this.place(hashA(key), hashB(key), hashC(key), value);
    if (found === undefined) {
      this.count += 1;
      if (this.count * 2 > this.mask + 1) this.grow();
      return value;
    }
    return found;
  }

  /** Puts the entry in its slot; returns the value already there for this fingerprint, if any. */
  private place(a: number, b: number, c: number, value: number): number | undefined {
    const table = this.table;
    for (let slot = a & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const y = table[at + 1] as number;
      if (y === 0) {
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = c;
        table[at + 3] = value;
        return undefined;
      }
      if (table[at] === a && y === b && table[at + 2] === c) return table[at + 3];
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    for (let at = 0; at < old.length; at += 4) {
      const b = old[at + 1] as number;
      if (b !== 0) this.place(old[at] as number, b, old[at + 2] as number, old[at + 3] as number);
    }
  }
}

/** FNV-1a over UTF-16 code units with a final avalanche. */
function hashA(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/**
 * A multiply-rotate hash unrelated to FNV, seeded with the length; never 0, which marks an
 * empty slot.
 */
function hashB(text: string): number {
  let h = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h = (h << 13) | (h >>> 19);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

/** Murmur3's mixing steps with their own seed, over the code units from the end. */
function hashC(text: string): number {
  let h = 0x27d4eb2f ^ Math.imul(text.length, 0x165667b1);
  for (let i = text.length - 1; i >= 0; i -= 1) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
