/**
 * A set of strings kept as 64-bit fingerprints in one open-addressing table of 32-bit words:
 * 8 bytes a slot at a load factor of at most one half, so ≤ 16 bytes per key and no per-key
 * objects on the heap, whatever the number of keys. Two unrelated 32-bit hashes make a false
 * "present" (two distinct keys with equal fingerprints) about n² / 2⁶⁵ likely: one in ~10⁷ for
 * a million keys. The bulk loader runs the importer with zero bad-entry tolerance, so such a
 * collision would fail the import loudly rather than drop or mislink data.
 */
export class FingerprintSet {
  private table: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key; true when it was not in the set before. */
  add(key: string): boolean {
    const a = hashA(key);
    const b = hashB(key);
    if (this.insert(a, b)) {
      this.count += 1;
      if (this.count * 2 > this.mask + 1) this.grow();
      return true;
    }
    return false;
  }

  has(key: string): boolean {
    const a = hashA(key);
    const b = hashB(key);
    const table = this.table;
    let slot = a & this.mask;
    for (;;) {
      const at = slot * 2;
      const x = table[at] as number;
      const y = table[at + 1] as number;
      if (x === 0 && y === 0) return false;
      if (x === a && y === b) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(a: number, b: number): boolean {
    const table = this.table;
    let slot = a & this.mask;
    for (;;) {
      const at = slot * 2;
      const x = table[at] as number;
      const y = table[at + 1] as number;
      if (x === 0 && y === 0) {
        table[at] = a;
        table[at + 1] = b;
        return true;
      }
      if (x === a && y === b) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let at = 0; at < old.length; at += 2) {
      const a = old[at] as number;
      const b = old[at + 1] as number;
      if (a !== 0 || b !== 0) this.insert(a, b);
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

/** A multiply-rotate hash unrelated to FNV, seeded with the length; never 0 so (a, b) ≠ (0, 0). */
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
