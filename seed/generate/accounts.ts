import { createWeightedSampler, type Random } from '../random.ts';
import { CATEGORIES, CITY_WEIGHTS } from './catalog.ts';
import { DAY, NOW, WINDOW_DAYS, WINDOW_START } from './time.ts';
import { type AccountTable, Flag, type Keys, type MerchantTable } from './world.ts';

/** Honest account population: profiles, households, carrier NAT pools, loyal and owner accounts. */

// exp(mu + sigma^2 / 2) ≈ 11 orders for a full window, ≈ 10 per account after late sign-ups.
const ORDER_MU = 1.96;
const ORDER_SIGMA = 1.0;
const MAX_ORDERS = 500;
const HOUSEHOLD_SHARE = 0.12;
const NAT_MIN_ACCOUNTS = 120;
const NAT_MEAN_ACCOUNTS = 400;

export interface AccountPopulation {
  readonly table: AccountTable;
  readonly natCount: number;
  readonly householdCount: number;
  readonly loyalGroups: { merchant: number; accounts: number[] }[];
  readonly ownerAccounts: { merchant: number; account: number }[];
}

function createTable(size: number): AccountTable {
  return {
    size,
    createdAt: new Int32Array(size),
    limit: new Int32Array(size),
    kyc: new Uint8Array(size),
    city: new Uint8Array(size),
    flags: new Uint8Array(size),
    orders: new Uint16Array(size),
    bnplShare: new Float32Array(size),
    person: new Int32Array(size),
    phonePerson: new Int32Array(size),
    device0: new Int32Array(size),
    device1: new Int32Array(size),
    sharedDevice: new Int32Array(size).fill(-1),
    homeIp: new Int32Array(size),
    address: new Int32Array(size),
    nat: new Int32Array(size).fill(-1),
    loyalShop: new Int32Array(size).fill(-1),
    household: new Int32Array(size).fill(-1),
    ring: new Int32Array(size).fill(-1),
  };
}

/** A credit limit in whole CNY (multiples of 100) that grows with the KYC level. */
export function drawLimit(kyc: number, rng: Random, median = 3000): number {
  const scale = kyc <= 1 ? 0.5 : kyc === 2 ? 1 : 1.6;
  const raw = rng.lognormal(Math.log(median * scale), 0.6);
  return Math.min(50_000, Math.max(500, Math.round(raw / 100) * 100));
}

/** Honest ordinary order count for an account created at `createdAt`. */
function drawOrderCount(createdAt: number, rng: Random): number {
  const active = (NOW - Math.max(createdAt, WINDOW_START)) / (WINDOW_DAYS * DAY);
  return Math.min(MAX_ORDERS, Math.round(rng.lognormal(ORDER_MU, ORDER_SIGMA) * active));
}

export function buildAccounts(
  size: number,
  merchants: MerchantTable,
  keys: Keys,
  rng: Random,
): AccountPopulation {
  const table = createTable(size);
  const citySampler = createWeightedSampler(CITY_WEIGHTS);
  const profiles = rng.fork('profiles');
  for (let i = 0; i < size; i++) {
    const created = profiles.chance(0.7)
      ? Math.floor(WINDOW_START - profiles.uniform(1, 1100) * DAY)
      : Math.floor(profiles.uniform(WINDOW_START, NOW - DAY));
    table.createdAt[i] = created;
    const roll = profiles.next();
    const kyc = roll < 0.1 ? 1 : roll < 0.6 ? 2 : 3;
    table.kyc[i] = kyc;
    table.limit[i] = drawLimit(kyc, profiles);
    table.city[i] = citySampler.sample(profiles);
    let flags = 0;
    if (profiles.chance(0.6)) flags |= Flag.mobile;
    if (profiles.chance(0.03)) flags |= Flag.nightOwl;
    if (profiles.chance(0.02)) flags |= Flag.highValue;
    if (profiles.chance(0.08)) flags |= Flag.riskyCredit;
    table.flags[i] = flags;
    table.orders[i] = drawOrderCount(created, profiles);
    table.bnplShare[i] = profiles.chance(0.3) ? 0 : profiles.uniform(0.25, 0.95);
    table.person[i] = i;
    table.phonePerson[i] = i;
    table.device0[i] = keys.personalDevice(i, 0);
    table.device1[i] = profiles.chance(0.35) ? keys.personalDevice(i, 1) : -1;
    table.homeIp[i] = keys.accountHome(i);
    table.address[i] = keys.accountHome(i);
  }

  // One shuffled order hands out households, owner and loyal accounts without overlaps.
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  rng.fork('roles').shuffle(order);
  let cursor = 0;

  const householdRng = rng.fork('households');
  let householdCount = 0;
  const householdTarget = Math.floor(size * HOUSEHOLD_SHARE);
  while (cursor < householdTarget) {
    const members = Math.min(householdRng.int(2, 4), size - cursor);
    if (members < 2) break;
    const h = householdCount++;
    const first = order[cursor] as number;
    const sharesPhone = householdRng.chance(0.1);
    for (let k = 0; k < members; k++) {
      const a = order[cursor + k] as number;
      table.household[a] = h;
      table.flags[a] = (table.flags[a] as number) | Flag.household;
      table.city[a] = table.city[first] as number;
      table.homeIp[a] = keys.householdHome(h);
      table.address[a] = keys.householdHome(h);
      table.sharedDevice[a] = keys.householdDevice(h);
      // Every member shops at least once, so the shared address shows up in orders.
      if (table.orders[a] === 0) table.orders[a] = 1;
      // An elderly parent registered with a child's phone number.
      if (sharesPhone && k === 1) table.phonePerson[a] = table.phonePerson[first] as number;
    }
    cursor += members;
  }

  const ownerRng = rng.fork('owners');
  const ownerAccounts: { merchant: number; account: number }[] = [];
  for (let m = 0; m < merchants.size && cursor < size; m++) {
    if (!ownerRng.chance(0.08)) continue;
    const a = order[cursor++] as number;
    table.person[a] = merchants.ownerPerson[m] as number;
    table.flags[a] = (table.flags[a] as number) | Flag.owner;
    // Shop owners also shop privately, partly from the back-office PC: an honest device link.
    table.device1[a] = keys.merchantDevice(m, 0);
    ownerAccounts.push({ merchant: m, account: a });
  }

  const loyalRng = rng.fork('loyal');
  const loyalGroups: { merchant: number; accounts: number[] }[] = [];
  const loyalShops = Math.max(1, Math.round(size / 1000));
  const tail = Math.floor(merchants.size / 2);
  for (let s = 0; s < loyalShops && cursor < size; s++) {
    let m = -1;
    for (let attempt = 0; attempt < 20 && m < 0; attempt++) {
      const candidate = merchants.rankToMerchant[loyalRng.int(tail, merchants.size - 1)] as number;
      const category = CATEGORIES[merchants.category[candidate] as number];
      if (merchants.loyalShop[candidate] === 0 && category && !category.virtual) m = candidate;
    }
    if (m < 0) continue;
    merchants.loyalShop[m] = 1;
    const customers: number[] = [];
    const count = loyalRng.int(2, 6);
    for (let k = 0; k < count && cursor < size; k++) {
      const a = order[cursor++] as number;
      table.flags[a] = (table.flags[a] as number) | Flag.loyal;
      table.loyalShop[a] = m;
      table.bnplShare[a] = loyalRng.uniform(0.6, 0.95);
      customers.push(a);
    }
    loyalGroups.push({ merchant: m, accounts: customers });
  }

  // Carrier-grade NAT: every mobile account surfs through one gateway IP shared with hundreds
  // to thousands of others. Pool sizes are fixed up front so each gateway has >= 120 users.
  const natRng = rng.fork('nat');
  const mobile: number[] = [];
  for (let i = 0; i < size; i++) if ((table.flags[i] as number) & Flag.mobile) mobile.push(i);
  natRng.shuffle(mobile);
  const natCount = Math.max(1, Math.floor(mobile.length / NAT_MEAN_ACCOUNTS));
  const weights = Array.from({ length: natCount }, () => natRng.lognormal(0, 0.9));
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const spare = Math.max(0, mobile.length - natCount * NAT_MIN_ACCOUNTS);
  let assigned = 0;
  for (let k = 0; k < natCount; k++) {
    const share =
      k === natCount - 1
        ? mobile.length - assigned
        : Math.min(
            mobile.length - assigned,
            NAT_MIN_ACCOUNTS + Math.floor((spare * (weights[k] as number)) / weightSum),
          );
    for (let j = 0; j < share; j++) table.nat[mobile[assigned + j] as number] = k;
    assigned += share;
  }

  return { table, natCount, householdCount, loyalGroups, ownerAccounts };
}
