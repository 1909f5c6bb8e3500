import { createWeightedSampler, type Random, type Sampler } from '../random.ts';
import { DAY_PROFILE, NIGHT_PROFILE } from './catalog.ts';
import { DAY, HOUR, localDayStart, NOW } from './time.ts';
import type { OrderStatus, RepaymentStatus } from './world.ts';

/** Field rules shared by honest and ring orders: time of day, status, BNPL due date, outcome. */

export const DAY_HOURS: Sampler = createWeightedSampler(DAY_PROFILE);
export const NIGHT_HOURS: Sampler = createWeightedSampler(NIGHT_PROFILE);

/** BNPL terms: one instalment, due at the end of the local day 30 days after the order. */
export const BNPL_TERM_DAYS = 30;
/** Missed payments older than this are written off as defaulted rather than overdue. */
const WRITE_OFF_DAYS = 30;

/** A whole-second time in [lo, hi] whose local hour follows `hours`. */
export function drawTime(rng: Random, lo: number, hi: number, hours: Sampler): number {
  for (let attempt = 0; attempt < 4; attempt++) {
    const day = localDayStart(rng.uniform(lo, hi));
    const t = day + hours.sample(rng) * HOUR + rng.int(0, HOUR - 1);
    if (t >= lo && t <= hi) return t;
  }
  return Math.floor(rng.uniform(lo, hi));
}

/** Fulfilment status by age; `cancelled` and `refunded` at the given rates. */
export function drawStatus(
  t: number,
  rng: Random,
  cancelRate: number,
  refundRate: number,
): OrderStatus {
  const roll = rng.next();
  if (roll < cancelRate) return 'cancelled';
  const age = NOW - t;
  if (roll < cancelRate + refundRate && age > 3 * DAY) return 'refunded';
  if (age < 12 * HOUR) return 'paid';
  if (age < 3 * DAY) return rng.chance(0.85) ? 'shipped' : 'paid';
  return 'delivered';
}

export function hasShipped(status: OrderStatus): boolean {
  return status === 'shipped' || status === 'delivered' || status === 'refunded';
}

export function bnplDue(t: number): number {
  return localDayStart(t + BNPL_TERM_DAYS * DAY) + DAY - 1;
}

/**
 * Repayment of a BNPL order: `open` until due; after that unpaid with probability `badRate`,
 * reported `overdue` while recent (or with `overdueShare`) and `defaulted` once written off.
 * A refund or cancellation settles the instalment.
 */
export function drawRepayment(
  due: number,
  status: OrderStatus,
  rng: Random,
  badRate: number,
  overdueShare: number,
): RepaymentStatus {
  if (status === 'cancelled' || status === 'refunded') return 'repaid';
  if (due > NOW) return 'open';
  if (!rng.chance(badRate)) return 'repaid';
  if (due > NOW - WRITE_OFF_DAYS * DAY || rng.chance(overdueShare)) return 'overdue';
  return 'defaulted';
}
