/** FNV-1a over UTF-16 code units, 32 bits; two seeds give the double hashing below. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Fingerprint of a row's raw fields, to tell an identical duplicate from a conflicting one. */
export function rowFingerprint(fields: readonly string[]): string {
  const joined = fields.join('\u0000');
  return `${fnv1a(joined, 0x811c9dc5).toString(36)}.${fnv1a(joined, 0x9747b28c).toString(36)}.${joined.length}`;
}

/**
 * A fixed-size Bloom filter: the loader's first pass finds keys that may repeat in a file,
 * in memory that does not grow with the file (a few MB for millions of keys).
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly size: number;

  constructor(
    expectedItems: number,
    private readonly hashes = 7,
  ) {
    const wanted = Math.max(1 << 20, Math.ceil(expectedItems * 10));
    this.size = Math.min(wanted, 1 << 30);
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  /** Adds the key; returns true when it may have been added before. */
  add(key: string): boolean {
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x9747b28c) | 1;
    let seen = true;
    for (let i = 0; i < this.hashes; i += 1) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.size;
      const index = bit >>> 5;
      const mask = 1 << (bit & 31);
      const word = this.bits[index] ?? 0;
      if ((word & mask) === 0) {
        seen = false;
        this.bits[index] = word | mask;
      }
    }
    return seen;
  }
}
