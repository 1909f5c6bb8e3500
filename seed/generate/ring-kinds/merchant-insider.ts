import { pickChannel } from '../account-view.ts';
import { drawLimit } from '../accounts.ts';
import { DAY_HOURS, drawTime } from '../order-fields.ts';
import type { RingKindModule } from '../ring-kind.ts';
import {
  hubSession,
  nearLimitCents,
  pushHubBackOfficeLogins,
  pushRingOrder,
} from '../ring-orders.ts';
import { DAY, HOUR, NOW, WINDOW_START } from '../time.ts';

/**
 * The shop owner buys from his own shop, helped by relatives registered with his phone and by
 * friends who all signed up within a week; one owner and payout account behind 1–2 shops.
 */
export const merchantInsider: RingKindModule = {
  kind: 'merchant_insider',

  plan(world, ring, pool, maxMembers, rng) {
    const { accounts, merchants, keys } = world;
    const [shop, sister] = ring.merchants as [number, number | undefined];
    if (sister !== undefined) {
      merchants.ownerPerson[sister] = merchants.ownerPerson[shop] as number;
      merchants.payoutKey[sister] = merchants.payoutKey[shop] as number;
    }
    const owner = pool.takeAged(1, WINDOW_START, 0)[0] ?? pool.takeAny(1)[0];
    if (owner === undefined) return;
    accounts.person[owner] = merchants.ownerPerson[shop] as number;
    ring.members.push(owner);

    const span = rng.int(5, 30) * DAY;
    ring.end = Math.min(ring.start + span, NOW - 3 * HOUR);
    ring.logisticsAnomaly = 0.15;
    ring.trackingPool = 3;
    if (rng.chance(0.3)) {
      // The owner's own phone doubles as the shop's back-office device.
      ring.hubDevices = [keys.ringDevice(ring.index, 0)];
      accounts.device1[owner] = ring.hubDevices[0] as number;
      ring.linked.add(owner);
    }

    const others = pool.takeAny(Math.min(maxMembers, rng.int(5, 15)) - 1);
    const relatives = Math.min(others.length, rng.int(1, 3));
    const registered = ring.start - rng.uniform(3, 20) * DAY;
    others.forEach((a, k) => {
      accounts.createdAt[a] = Math.floor(registered + rng.uniform(0, 7) * DAY);
      const kyc = rng.chance(0.5) ? 1 : 2;
      accounts.kyc[a] = kyc;
      accounts.limit[a] = drawLimit(kyc, rng);
      accounts.orders[a] = rng.int(0, 3);
      accounts.bnplShare[a] = 0.8;
      if (k < relatives) accounts.phonePerson[a] = accounts.phonePerson[owner] as number;
      if (rng.chance(0.4)) accounts.address[a] = accounts.address[owner] as number;
      ring.members.push(a);
    });
  },

  emitMemberRows(world, ring, view, rng, out) {
    const { ids } = world;
    const from = Math.max(ring.start, view.createdAt + HOUR);
    if (from >= ring.end) return;
    const orders = rng.int(2, 5);
    const linked = ring.linked.has(view.index);
    for (let k = 0; k < orders; k++) {
      const channel = pickChannel(view, rng);
      const device =
        linked && rng.chance(0.4) ? ids.device(ring.hubDevices[0] as number) : channel.device;
      pushRingOrder(world, ring, view, rng, out.orders, {
        t: drawTime(rng, from, ring.end, DAY_HOURS),
        merchant: rng.pick(ring.merchants),
        amountCents: nearLimitCents(view.limit, 0.85, 0.99, rng),
        device,
        ip: channel.ip,
        address: view.address,
      });
    }
    if (linked) {
      const t = drawTime(rng, from, ring.end, DAY_HOURS);
      out.sessions.push(hubSession(world, ring, t, 'account', view.id, view.homeIp));
    }
  },

  emitMerchantSessions(world, ring, merchant, rng, out) {
    if (ring.hubDevices.length === 0) return;
    const from = Math.max(WINDOW_START, (world.merchants.createdAt[merchant] as number) + 60);
    const window = { from, to: NOW, logins: rng.int(2, 5) };
    pushHubBackOfficeLogins(world, ring, merchant, window, rng, out);
  },
};
