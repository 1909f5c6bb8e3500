import type { Random } from '../random.ts';
import type { AccountView } from './account-view.ts';
import { pickChannel } from './account-view.ts';
import { CATEGORIES, priceCents } from './catalog.ts';
import { CARRIER_PREFIXES, EVOUCHER_PREFIX } from './ids.ts';
import {
  bnplDue,
  DAY_HOURS,
  drawRepayment,
  drawStatus,
  drawTime,
  hasShipped,
  NIGHT_HOURS,
} from './order-fields.ts';
import { HOUR, NOW, WINDOW_START } from './time.ts';
import { Flag, type OrderDraft, type World } from './world.ts';

/** Ordinary shopping of one account: favourites, popular shops, loyal and big-ticket buys. */

const FAVOURITE_SHARE = 0.35;
const CANCEL_RATE = 0.03;
const REFUND_RATE = 0.04;
// Unpaid share of due BNPL orders; ≈ 5 % overdue and ≈ 2 % defaulted across all accounts.
const BAD_RATE = 0.046;
const RISKY_BAD_RATE = 0.35;
const OVERDUE_SHARE = 0.64;
const HIGH_VALUE_CATEGORIES = ['phones', 'luxury', 'digital'];

interface Purchase {
  t: number;
  merchant: number;
  amountCents: number;
  /** true forces BNPL, false forbids it, undefined lets the account's habit decide. */
  bnpl?: boolean;
  /** Ship to the home address (otherwise home or, sometimes, work). */
  home?: boolean;
}

export function emitHonestOrders(
  world: World,
  view: AccountView,
  rng: Random,
  out: OrderDraft[],
): void {
  const { accounts, merchants } = world;
  const i = view.index;
  const start = Math.max(view.createdAt + 10 * 60, WINDOW_START);
  if (start >= NOW) return;
  const hours = view.flags & Flag.nightOwl ? NIGHT_HOURS : DAY_HOURS;

  const favourites: number[] = [];
  const favouriteCount = rng.int(1, 4);
  for (let k = 0; k < favouriteCount; k++) favourites.push(merchants.popular.sample(rng));

  const count = accounts.orders[i] as number;
  for (let k = 0; k < count; k++) {
    let merchant = rng.chance(FAVOURITE_SHARE)
      ? rng.pick(favourites)
      : merchants.popular.sample(rng);
    let t = drawTime(rng, start, NOW, hours);
    // Shops cannot sell before they open: try other shops, then move the order later.
    for (
      let attempt = 0;
      attempt < 6 && (merchants.createdAt[merchant] as number) >= t;
      attempt++
    ) {
      merchant = merchants.popular.sample(rng);
    }
    const opened = merchants.createdAt[merchant] as number;
    if (opened >= t) t = drawTime(rng, Math.max(start, opened + HOUR), NOW, hours);
    // The first parcel always goes home, so every shopper is tied to a home address.
    const home = k === 0;
    emit(world, view, rng, out, { t, merchant, amountCents: priceOf(world, merchant, rng), home });
  }

  const shop = accounts.loyalShop[i] as number;
  if (shop >= 0) {
    const from = Math.max(start, (merchants.createdAt[shop] as number) + HOUR);
    const visits = rng.int(15, 60);
    for (let k = 0; k < visits && from < NOW; k++) {
      const t = drawTime(rng, from, NOW, hours);
      emit(world, view, rng, out, { t, merchant: shop, amountCents: priceOf(world, shop, rng) });
    }
  }

  if (view.flags & Flag.highValue) {
    const purchases = rng.int(1, 2);
    for (let k = 0; k < purchases; k++) {
      const category = CATEGORIES.findIndex((c) => c.name === rng.pick(HIGH_VALUE_CATEGORIES));
      const pool = merchants.byCategory[category];
      if (!pool || pool.merchants.length === 0) continue;
      const merchant = pool.merchants[pool.sampler.sample(rng)] as number;
      const from = Math.max(start, (merchants.createdAt[merchant] as number) + HOUR);
      if (from >= NOW) continue;
      const t = drawTime(rng, from, NOW, hours);
      // A legitimate big purchase that uses most of the credit line.
      const amountCents =
        Math.round(view.limit * rng.uniform(0.85, 0.99)) * 100 - rng.pick([0, 1, 10]);
      emit(world, view, rng, out, { t, merchant, amountCents, bnpl: true });
    }
  }
}

function priceOf(world: World, merchant: number, rng: Random): number {
  const category = CATEGORIES[world.merchants.category[merchant] as number];
  return category ? priceCents(category, rng) : 10_000;
}

function emit(world: World, view: AccountView, rng: Random, out: OrderDraft[], p: Purchase): void {
  const { accounts, merchants } = world;
  const share = accounts.bnplShare[view.index] as number;
  const affordable = p.amountCents <= view.limit * 100;
  const bnpl = p.bnpl ?? (affordable && share > 0 && rng.chance(share));
  const status = drawStatus(p.t, rng, CANCEL_RATE, REFUND_RATE);
  const channel = pickChannel(view, rng);
  const category = CATEGORIES[merchants.category[p.merchant] as number];
  let tracking: string | undefined = '';
  let carrier = '';
  if (hasShipped(status)) {
    tracking = undefined;
    carrier = category?.virtual
      ? EVOUCHER_PREFIX
      : rng.chance(0.8)
        ? (CARRIER_PREFIXES[merchants.carrier[p.merchant] as number] as string)
        : rng.pick(CARRIER_PREFIXES);
  }
  let due = 0;
  let repayment: OrderDraft['repayment'] = 'n/a';
  if (bnpl) {
    due = bnplDue(p.t);
    const badRate = view.flags & Flag.riskyCredit ? RISKY_BAD_RATE : BAD_RATE;
    repayment = drawRepayment(due, status, rng, badRate, OVERDUE_SHARE);
  }
  out.push({
    t: p.t,
    account: view.id,
    merchant: p.merchant,
    amountCents: p.amountCents,
    method: bnpl ? 'bnpl' : rng.chance(0.55) ? 'card' : 'wallet',
    status,
    device: channel.device,
    ip: channel.ip,
    address: p.home || rng.chance(0.9) ? view.address : view.workAddress,
    tracking,
    carrier,
    due,
    repayment,
  });
}
