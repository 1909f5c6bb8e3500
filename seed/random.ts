/**
 * Seeded, platform-independent pseudo-random numbers for the generator.
 *
 * xoshiro128** (32-bit state words, `Math.imul` arithmetic) seeded through splitmix32, so the same
 * seed gives the same stream on every machine. Streams are derived with `fork(label)` from the
 * seed key, never from the parent's current state: adding a consumer of one stream leaves every
 * other stream untouched.
 */

const TWO_POW_32 = 4294967296;

/** Integer hash of a string (FNV-1a over UTF-16 code units), used to turn labels into keys. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Finaliser with full avalanche (lowbias32); maps distinct inputs to distinct outputs. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Combines a key with up to three integers (each taken modulo 2^32) into a 32-bit hash. */
export function hash32(key: number, a: number, b = 0, c = 0): number {
  let h = mix32(key ^ 0x9e3779b9);
  h = mix32(h ^ (a >>> 0));
  h = mix32((h + Math.imul(b >>> 0, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ Math.imul(c >>> 0, 0xc2b2ae35)) >>> 0);
  return h;
}

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [next, z >>> 0];
}

/** A sampler over ranks 0..size-1 that draws with any `Random`. */
export interface Sampler {
  readonly size: number;
  sample(rng: Random): number;
}

export class Random {
  /** Key the stream was derived from; forks hash it with their label. */
  readonly key: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(key: number) {
    this.key = key >>> 0;
    let state = this.key;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [nextState, word] = splitmix32(state);
      state = nextState;
      words.push(word);
    }
    this.s0 = words[0] ?? 0;
    this.s1 = words[1] ?? 0;
    this.s2 = words[2] ?? 0;
    this.s3 = words[3] ?? 0;
    // xoshiro must not start from the all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  uint32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; one value per call to keep the stream stateless). */
  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** exp(N(mu, sigma)); the median is exp(mu). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson draw (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** In-place Fisher-Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** Zipf(s) over ranks 0..n-1 drawn from this stream; O(log n) per draw. */
  zipfSampler(n: number, s: number): () => number {
    const sampler = createZipfSampler(n, s);
    return () => sampler.sample(this);
  }

  /** Independent stream keyed by this stream's key, a label and an optional index. */
  fork(label: string, index = 0): Random {
    return new Random(hash32(this.key, hashString(label), index, 0x5eed));
  }
}

export function createRandom(seed: number): Random {
  return new Random(hash32(0x52494e47, seed >>> 0, Math.floor(seed / TWO_POW_32)));
}

/** Samples index i with probability weights[i] / sum(weights) by binary search on the CDF. */
export function createWeightedSampler(weights: ArrayLike<number>): Sampler {
  const size = weights.length;
  if (size === 0) throw new RangeError('createWeightedSampler() needs at least one weight');
  const cdf = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    const w = weights[i] ?? 0;
    if (!(w >= 0)) throw new RangeError(`weight ${i} is ${w}; weights must be >= 0`);
    total += w;
    cdf[i] = total;
  }
  if (total <= 0) throw new RangeError('createWeightedSampler() needs a positive total weight');
  return {
    size,
    sample(rng: Random): number {
      const target = rng.next() * total;
      let lo = 0;
      let hi = size - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cdf[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/** Zipf(s) over ranks 0..n-1: P(rank k) is proportional to (k + 1)^-s. */
export function createZipfSampler(n: number, s: number): Sampler {
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) weights[k] = (k + 1) ** -s;
  return createWeightedSampler(weights);
}
