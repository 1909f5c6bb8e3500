import { createWeightedSampler, createZipfSampler, type Random } from '../random.ts';
import { CATEGORIES, CITY_WEIGHTS, shopName } from './catalog.ts';
import { CARRIER_PREFIXES } from './ids.ts';
import { DAY, NOW, WINDOW_START } from './time.ts';
import type { Keys, MerchantTable } from './world.ts';

/** Zipf exponent of merchant popularity. */
const POPULARITY_EXPONENT = 1.1;

/** About one merchant per 40 accounts, at least 5. */
export function merchantCount(accounts: number): number {
  return Math.max(5, Math.round(accounts / 40));
}

export function buildMerchants(size: number, keys: Keys, rng: Random): MerchantTable {
  const rankToMerchant = new Int32Array(size);
  for (let m = 0; m < size; m++) rankToMerchant[m] = m;
  rng.shuffle(rankToMerchant);
  const rank = new Int32Array(size);
  for (let r = 0; r < size; r++) rank[rankToMerchant[r] as number] = r;

  const categorySampler = createWeightedSampler(CATEGORIES.map((c) => c.weight));
  const citySampler = createWeightedSampler(CITY_WEIGHTS);
  const createdAt = new Int32Array(size);
  const category = new Uint8Array(size);
  const city = new Uint8Array(size);
  const ownerPerson = new Int32Array(size);
  const payoutKey = new Int32Array(size);
  const carrier = new Uint8Array(size);
  const hasSecondDevice = new Uint8Array(size);
  const names: string[] = new Array(size);

  for (let m = 0; m < size; m++) {
    const c = categorySampler.sample(rng);
    category[m] = c;
    city[m] = citySampler.sample(rng);
    names[m] = shopName(CATEGORIES[c] as (typeof CATEGORIES)[number], rng);
    // Most shops predate the window; some open during its first four months.
    createdAt[m] = rng.chance(0.85)
      ? Math.floor(WINDOW_START - rng.uniform(1, 1500) * DAY)
      : Math.floor(rng.uniform(WINDOW_START, NOW - 60 * DAY));
    ownerPerson[m] = keys.ownerPerson(m);
    payoutKey[m] = m;
    carrier[m] = rng.int(0, CARRIER_PREFIXES.length - 1);
    hasSecondDevice[m] = rng.chance(0.4) ? 1 : 0;
  }

  const byCategory = CATEGORIES.map((_, c) => {
    const members: number[] = [];
    for (let r = 0; r < size; r++) {
      const m = rankToMerchant[r] as number;
      if (category[m] === c) members.push(m);
    }
    const merchants = Int32Array.from(members);
    const weights = members.map((m) => ((rank[m] as number) + 1) ** -POPULARITY_EXPONENT);
    return {
      merchants,
      sampler: merchants.length > 0 ? createWeightedSampler(weights) : createZipfSampler(1, 1),
    };
  });

  const zipf = createZipfSampler(size, POPULARITY_EXPONENT);
  return {
    size,
    createdAt,
    category,
    city,
    rank,
    rankToMerchant,
    ownerPerson,
    payoutKey,
    carrier,
    hasSecondDevice,
    names,
    loyalShop: new Uint8Array(size),
    ring: new Int32Array(size).fill(-1),
    popular: {
      size,
      sample: (r: Random) => rankToMerchant[zipf.sample(r)] as number,
    },
    byCategory,
  };
}
