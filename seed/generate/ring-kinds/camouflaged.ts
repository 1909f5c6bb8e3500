import { pickChannel } from '../account-view.ts';
import { DAY_HOURS, drawTime } from '../order-fields.ts';
import type { RingKindModule } from '../ring-kind.ts';
import { hubSession, pushHubBackOfficeLogins, pushRingOrder } from '../ring-orders.ts';
import { DAY, HOUR, NOW, WINDOW_START } from '../time.ts';

/**
 * Aged accounts with long honest histories at popular shops; ring orders are a minority, spread
 * over weeks with jittered amounts, and at most two members share a device with the back office.
 */
export const camouflaged: RingKindModule = {
  kind: 'camouflaged',

  plan(world, ring, pool, maxMembers, rng) {
    const { keys } = world;
    const size = Math.min(maxMembers, rng.int(6, 20));
    let members = pool.takeAged(size, WINDOW_START - 60 * DAY, 10);
    if (members.length < size) {
      members = members.concat(pool.takeAged(size - members.length, WINDOW_START, 4));
    }
    ring.members.push(...members);
    const span = rng.int(21, 60) * DAY;
    ring.end = Math.min(ring.start + span, NOW - 3 * HOUR);
    ring.logisticsAnomaly = 0.05;
    ring.trackingPool = 2;
    if (members.length >= 5 && rng.chance(0.5)) {
      ring.hubDevices = [keys.ringDevice(ring.index, 0)];
      const linked = members.length >= 8 ? 2 : 1;
      for (let k = 0; k < linked; k++) ring.linked.add(members[k] as number);
    }
  },

  emitMemberRows(world, ring, view, rng, out) {
    const { ids, accounts } = world;
    const from = Math.max(ring.start, view.createdAt + HOUR);
    if (from >= ring.end) return;
    // Keep ring orders a minority of the member's history.
    const ordinary = accounts.orders[view.index] as number;
    const orders = Math.max(1, Math.min(rng.int(2, 4), Math.floor(ordinary * 0.3)));
    const linked = ring.linked.has(view.index);
    for (let k = 0; k < orders; k++) {
      const channel = pickChannel(view, rng);
      const device =
        linked && rng.chance(0.5) ? ids.device(ring.hubDevices[0] as number) : channel.device;
      pushRingOrder(world, ring, view, rng, out.orders, {
        t: drawTime(rng, from, ring.end, DAY_HOURS),
        merchant: rng.pick(ring.merchants),
        amountCents: Math.floor(view.limit * rng.uniform(0.5, 0.9) * 100) + rng.int(1, 99),
        device,
        ip: channel.ip,
        address: view.address,
      });
    }
    if (linked) {
      const logins = rng.int(1, 2);
      for (let k = 0; k < logins; k++) {
        const t = drawTime(rng, from, ring.end, DAY_HOURS);
        out.sessions.push(hubSession(world, ring, t, 'account', view.id, view.homeIp));
      }
    }
  },

  emitMerchantSessions(world, ring, merchant, rng, out) {
    if (ring.hubDevices.length === 0) return;
    const from = Math.max(
      ring.start - 14 * DAY,
      (world.merchants.createdAt[merchant] as number) + 60,
    );
    const window = { from, to: ring.end, logins: rng.int(2, 4) };
    pushHubBackOfficeLogins(world, ring, merchant, window, rng, out);
  },
};
