import type { Random } from '../random.ts';
import type { AccountView } from './account-view.ts';
import { CATEGORIES } from './catalog.ts';
import { CARRIER_PREFIXES, EVOUCHER_PREFIX, RING_TRACKING_BASE } from './ids.ts';
import {
  bnplDue,
  DAY_HOURS,
  drawRepayment,
  drawStatus,
  drawTime,
  hasShipped,
} from './order-fields.ts';
import type { OrderDraft, RingPlan, SessionDraft, World } from './world.ts';

/** The BNPL order every ring kind places; kinds differ in time, channel, address and amount. */

export interface RingPurchase {
  readonly t: number;
  readonly merchant: number;
  readonly amountCents: number;
  readonly device: string;
  readonly ip: string;
  readonly address: string;
}

const REUSED_SHARE = 0.6;
const RING_OVERDUE_SHARE = 0.25;
/** Ring-controlled tracking numbers per ring (upper bound of `RingPlan.trackingPool`). */
const RING_TRACKING_SLOTS = 64;

/** A whole-CNY-ish amount just under the limit; `roundTo` (CNY) snaps it to a round figure. */
export function nearLimitCents(
  limit: number,
  lo: number,
  hi: number,
  rng: Random,
  roundTo = 0,
): number {
  const amount = limit * rng.uniform(lo, hi);
  if (roundTo > 0) return Math.max(roundTo, Math.floor(amount / roundTo) * roundTo) * 100;
  return Math.max(100, Math.floor(amount * 100));
}

export function pushRingOrder(
  world: World,
  ring: RingPlan,
  view: AccountView,
  rng: Random,
  out: OrderDraft[],
  p: RingPurchase,
): void {
  const { ids, merchants } = world;
  const status = drawStatus(p.t, rng, 0.01, 0.04);
  let tracking: string | undefined = '';
  let carrier = '';
  if (hasShipped(status)) {
    if (rng.chance(ring.logisticsAnomaly)) {
      if (rng.chance(REUSED_SHARE)) {
        // A handful of real-looking numbers recycled across the ring's fake shipments.
        const slot = rng.int(0, Math.min(RING_TRACKING_SLOTS, ring.trackingPool) - 1);
        const prefix = CARRIER_PREFIXES[(ring.index + slot) % CARRIER_PREFIXES.length] as string;
        tracking = ids.tracking(
          prefix,
          RING_TRACKING_BASE + ring.index * RING_TRACKING_SLOTS + slot,
        );
      }
    } else {
      tracking = undefined;
      const category = CATEGORIES[merchants.category[p.merchant] as number];
      carrier = category?.virtual
        ? EVOUCHER_PREFIX
        : (CARRIER_PREFIXES[merchants.carrier[p.merchant] as number] as string);
    }
  }
  const due = bnplDue(p.t);
  out.push({
    t: p.t,
    account: view.id,
    merchant: p.merchant,
    amountCents: p.amountCents,
    method: 'bnpl',
    status,
    device: p.device,
    ip: p.ip,
    address: p.address,
    tracking,
    carrier,
    due,
    repayment: drawRepayment(due, status, rng, ring.defaultRate, RING_OVERDUE_SHARE),
  });
}

/** A session from the ring's first hub device: the shared phone that gives members and shops away. */
export function hubSession(
  world: World,
  ring: RingPlan,
  t: number,
  actorType: SessionDraft['actorType'],
  actorId: string,
  ip: string,
): SessionDraft {
  return { t, actorType, actorId, device: world.ids.device(ring.hubDevices[0] as number), ip };
}

/** `logins` back-office sessions of a ring shop from the hub device, at day hours in [from, to). */
export function pushHubBackOfficeLogins(
  world: World,
  ring: RingPlan,
  merchant: number,
  window: { from: number; to: number; logins: number },
  rng: Random,
  out: SessionDraft[],
): void {
  const { ids, keys } = world;
  for (let k = 0; k < window.logins; k++) {
    const t = drawTime(rng, window.from, window.to, DAY_HOURS);
    out.push(
      hubSession(
        world,
        ring,
        t,
        'merchant',
        ids.merchant(merchant),
        ids.homeIp(keys.merchantIp(merchant)),
      ),
    );
  }
}
