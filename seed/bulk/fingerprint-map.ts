/** The last fingerprint computed: no array per call on the loader's hottest path. */
const hashes = new Uint32Array(3);

/**
 * A map from strings to 32-bit unsigned values, keyed by 96-bit fingerprints in one
 * open-addressing table of 32-bit words: 16 bytes a slot at a load factor of at most one half,
 * so 32–64 bytes per key (twice that while growing) and no per-key objects on the heap.
 *
 * Two distinct keys with equal fingerprints would share one value. The bulk loader maps ids to
 * node ids with it, so such a collision would link rows to the wrong node without any error:
 * three unrelated 32-bit hashes make it about n² / 2⁹⁷ likely, one in ~10¹⁵ for ten million keys.
 */
export class FingerprintMap {
  private table: Uint32Array;
  private mask: number;
  private count = 0;

  /**
   * `reserve(bytes)` is called before each table is allocated, and may throw to refuse it;
   * `release(bytes)` after a table is dropped for a bigger one.
   */
  constructor(
    expected = 1024,
    private readonly memory: { reserve(bytes: number): void; release(bytes: number): void } = {
      reserve: () => undefined,
      release: () => undefined,
    },
  ) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    memory.reserve(capacity * 16);
    this.table = new Uint32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  /** Bytes of its table. */
  get bytes(): number {
    return this.table.byteLength;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `key`, or undefined when it was never added. */
  get(key: string): number | undefined {
    fingerprint(key);
    const a = hashes[0] as number;
    const b = hashes[1] as number;
    const c = hashes[2] as number;
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
    fingerprint(key);
    const found = this.place(hashes[0] as number, hashes[1] as number, hashes[2] as number, value);
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
    // Both tables live while the entries move: the new one is reserved on top of the old.
    this.memory.reserve(old.byteLength * 2);
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    for (let at = 0; at < old.length; at += 4) {
      const b = old[at + 1] as number;
      if (b !== 0) this.place(old[at] as number, b, old[at + 2] as number, old[at + 3] as number);
    }
    this.memory.release(old.byteLength);
  }
}

/**
 * Three unrelated 32-bit hashes of `text` in one pass over its UTF-16 code units (one pass
 * instead of three: the loader fingerprints several ids of every order): FNV-1a with a final
 * avalanche, a multiply-rotate hash seeded with the length, and murmur3's mixing steps with
 * their own seed. The second is never 0, which marks an empty slot.
 */
function fingerprint(text: string): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  let c = 0x27d4eb2f ^ Math.imul(text.length, 0x165667b1);
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
    let k = Math.imul(unit, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    c ^= Math.imul(k, 0x1b873593);
    c = (c << 13) | (c >>> 19);
    c = (Math.imul(c, 5) + 0xe6546b64) | 0;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x7feb352d);
  a ^= a >>> 15;
  b ^= b >>> 15;
  b = Math.imul(b, 0x846ca68b);
  b ^= b >>> 16;
  c ^= c >>> 16;
  c = Math.imul(c, 0x85ebca6b);
  c ^= c >>> 13;
  c = Math.imul(c, 0xc2b2ae35);
  c ^= c >>> 16;
  hashes[0] = a;
  hashes[1] = b >>> 0 || 1;
  hashes[2] = c;
}
