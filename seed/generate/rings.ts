import type { Random } from '../random.ts';
import { CATEGORIES } from './catalog.ts';
import type { MemberPool, RingKindModule } from './ring-kind.ts';
import { camouflaged } from './ring-kinds/camouflaged.ts';
import { deviceFarm } from './ring-kinds/device-farm.ts';
import { dropAddress } from './ring-kinds/drop-address.ts';
import { merchantInsider } from './ring-kinds/merchant-insider.ts';
import { DAY, NOW, WINDOW_START } from './time.ts';
import { LOOKALIKE_FLAGS, RING_KINDS, type RingKind, type RingPlan, type World } from './world.ts';

/** Plans the planted rings: how many of each kind, which shops, which accounts. */

export const RING_MODULES: Record<RingKind, RingKindModule> = {
  device_farm: deviceFarm,
  merchant_insider: merchantInsider,
  drop_address: dropAddress,
  camouflaged,
};

/** The smallest marketplace with rings (one of each kind). */
export const FIRST_RING_ACCOUNTS = 200;
/** From this size, at least four rings of each kind. */
export const FOUR_RINGS_ACCOUNTS = 2000;

/** About one ring per 400 accounts, split evenly by kind; at least 4 per kind from 2000 accounts. */
export function ringsPerKind(accounts: number): number {
  const even = Math.round(accounts / 1600);
  if (accounts >= FOUR_RINGS_ACCOUNTS) return Math.max(4, even);
  return accounts >= FIRST_RING_ACCOUNTS ? 1 : 0;
}

function createMemberPool(world: World, rng: Random): MemberPool {
  const { accounts } = world;
  const eligible: number[] = [];
  for (let i = 0; i < accounts.size; i++) {
    if (((accounts.flags[i] as number) & LOOKALIKE_FLAGS) === 0) eligible.push(i);
  }
  rng.shuffle(eligible);
  const used = new Uint8Array(accounts.size);
  let anyCursor = 0;
  return {
    takeAny(count) {
      const taken: number[] = [];
      while (taken.length < count && anyCursor < eligible.length) {
        const a = eligible[anyCursor++] as number;
        if (used[a]) continue;
        used[a] = 1;
        taken.push(a);
      }
      return taken;
    },
    takeAged(count, createdBefore, minOrders) {
      const taken: number[] = [];
      // Scans from the back so that aged picks rarely compete with takeAny's front cursor.
      for (let k = eligible.length - 1; k >= 0 && taken.length < count; k--) {
        const a = eligible[k] as number;
        if (used[a]) continue;
        if ((accounts.createdAt[a] as number) >= createdBefore) continue;
        if ((accounts.orders[a] as number) < minOrders) continue;
        used[a] = 1;
        taken.push(a);
      }
      return taken;
    },
  };
}

/**
 * Mid- and tail-popularity shops, resale-friendly categories first; never a look-alike's shop
 * (loyal customers, or an honest owner who also shops), so truth stays unambiguous.
 */
function createShopPool(world: World, rng: Random): { take(count: number): number[] } {
  const { merchants } = world;
  const ownedByShopper = new Set(world.ownerAccounts.map((o) => o.merchant));
  const risky: number[] = [];
  const other: number[] = [];
  const fallback: number[] = [];
  const from = Math.floor(merchants.size * 0.25);
  for (let r = 0; r < merchants.size; r++) {
    const m = merchants.rankToMerchant[r] as number;
    if (merchants.loyalShop[m] || ownedByShopper.has(m)) continue;
    const oldEnough = (merchants.createdAt[m] as number) <= NOW - 50 * DAY;
    if (r < from || !oldEnough) fallback.push(m);
    else if (CATEGORIES[merchants.category[m] as number]?.risky) risky.push(m);
    else other.push(m);
  }
  const queue = [...rng.shuffle(risky), ...rng.shuffle(other), ...rng.shuffle(fallback)];
  let cursor = 0;
  return {
    take(count) {
      const taken = queue.slice(cursor, cursor + count);
      cursor += taken.length;
      return taken;
    },
  };
}

export function planRings(world: World, rng: Random): RingPlan[] {
  const { accounts, merchants } = world;
  const perKind = ringsPerKind(accounts.size);
  const maxMembers = Math.max(5, Math.floor(accounts.size / 50));
  const pool = createMemberPool(world, rng.fork('members'));
  const shops = createShopPool(world, rng.fork('shops'));
  const rings: RingPlan[] = [];

  for (const kind of RING_KINDS) {
    const kindRng = rng.fork(kind);
    for (let j = 0; j < perKind; j++) {
      const r = kindRng.fork('ring', j);
      const shopsTaken = shops.take(r.chance(0.3) ? 2 : 1);
      if (shopsTaken.length === 0) break;
      const opened = Math.max(...shopsTaken.map((m) => merchants.createdAt[m] as number));
      // A quarter of the rings are still running: none of their instalments is due yet.
      const earliest = Math.max(WINDOW_START + 5 * DAY, opened + 5 * DAY);
      const fresh = r.chance(0.25) || earliest > NOW - 45 * DAY;
      const start = Math.floor(
        fresh
          ? r.uniform(Math.max(earliest, NOW - 26 * DAY), NOW - 4 * DAY)
          : r.uniform(earliest, NOW - 45 * DAY),
      );
      const ring: RingPlan = {
        index: rings.length,
        id: `R${String(rings.length + 1).padStart(4, '0')}`,
        kind,
        members: [],
        merchants: shopsTaken,
        start,
        end: start,
        fresh,
        defaultRate: r.uniform(0.45, 0.85),
        logisticsAnomaly: 0,
        hubDevices: [],
        hubIps: [],
        dropAddresses: [],
        trackingPool: 2,
        bursts: [],
        linked: new Set(),
      };
      RING_MODULES[kind].plan(world, ring, pool, maxMembers, r);
      if (ring.members.length === 0) continue;
      for (const a of ring.members) accounts.ring[a] = ring.index;
      for (const m of ring.merchants) merchants.ring[m] = ring.index;
      rings.push(ring);
    }
  }
  return rings;
}
