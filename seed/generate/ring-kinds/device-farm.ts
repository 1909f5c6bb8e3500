import type { RingKindModule } from '../ring-kind.ts';
import { nearLimitCents, pushRingOrder } from '../ring-orders.ts';
import { DAY, HOUR, localDayStart, NOW } from '../time.ts';

/**
 * Many fresh accounts registered in one batch and driven from a few phones that the ring shop's
 * back office also logs in from; bursts of near-limit BNPL orders, mostly at night.
 */
export const deviceFarm: RingKindModule = {
  kind: 'device_farm',

  plan(world, ring, pool, maxMembers, rng) {
    const { accounts, keys } = world;
    const members = pool.takeAny(Math.min(maxMembers, rng.int(8, 40)));
    const span = rng.int(3, 21) * DAY;
    ring.end = Math.min(ring.start + span, NOW - 3 * HOUR);
    ring.hubDevices = Array.from({ length: rng.int(2, 4) }, (_, k) =>
      keys.ringDevice(ring.index, k),
    );
    ring.hubIps = Array.from({ length: rng.int(1, 2) }, (_, k) => keys.ringIp(ring.index, k));
    ring.logisticsAnomaly = 0.2;
    ring.trackingPool = Math.max(2, Math.ceil(members.length / 5));
    const bursts = rng.int(2, 4);
    for (let b = 0; b < bursts; b++) {
      const day = localDayStart(rng.uniform(ring.start, ring.end));
      const offset = rng.chance(0.75) ? rng.uniform(0.5, 3.5) : rng.uniform(10, 22);
      let t = Math.floor(day + offset * HOUR);
      if (t < ring.start) t += DAY;
      ring.bursts.push(Math.min(t, ring.end));
    }
    // The platform's starter limit, identical for most of the batch.
    const starter = rng.pick([1500, 2000, 3000, 5000]);
    const registered = ring.start - rng.uniform(2, 12) * DAY;
    members.forEach((a, k) => {
      accounts.createdAt[a] = Math.floor(registered + rng.uniform(0, 36) * HOUR);
      accounts.kyc[a] = rng.chance(0.7) ? 1 : 2;
      accounts.limit[a] = rng.chance(0.8) ? starter : starter + rng.pick([-500, 500, 1000]);
      accounts.orders[a] = rng.int(0, 2);
      accounts.bnplShare[a] = 0.9;
      accounts.device0[a] = ring.hubDevices[k % ring.hubDevices.length] as number;
      accounts.device1[a] = rng.chance(0.3) ? (rng.pick(ring.hubDevices) as number) : -1;
      accounts.sharedDevice[a] = -1;
      accounts.homeIp[a] = rng.pick(ring.hubIps);
      ring.members.push(a);
    });
  },

  emitMemberRows(world, ring, view, rng, out) {
    const { ids } = world;
    const orders = rng.int(2, 6);
    const roundTo = rng.chance(0.5) ? 10 : 0;
    for (let k = 0; k < orders; k++) {
      const burst = rng.pick(ring.bursts);
      const t = Math.min(NOW - 60, burst + Math.floor(rng.uniform(0, 2.5) * HOUR));
      const ip =
        view.natIp !== null && rng.chance(0.2) ? view.natIp : ids.homeIp(rng.pick(ring.hubIps));
      pushRingOrder(world, ring, view, rng, out.orders, {
        t,
        merchant: rng.pick(ring.merchants),
        amountCents: nearLimitCents(view.limit, 0.9, 0.995, rng, roundTo),
        device: rng.chance(0.75) ? view.device0 : ids.device(rng.pick(ring.hubDevices)),
        ip,
        address: view.address,
      });
    }
    const logins = rng.int(1, 3);
    for (let k = 0; k < logins; k++) {
      out.sessions.push({
        t: Math.max(view.createdAt, rng.pick(ring.bursts) - rng.int(0, 30 * 60)),
        actorType: 'account',
        actorId: view.id,
        device: view.device0,
        ip: ids.homeIp(rng.pick(ring.hubIps)),
      });
    }
  },

  emitMerchantSessions(world, ring, merchant, rng, out) {
    const { ids, keys } = world;
    const logins = rng.int(3, 8);
    const from = Math.max(
      ring.start - 7 * DAY,
      (world.merchants.createdAt[merchant] as number) + 60,
    );
    for (let k = 0; k < logins; k++) {
      out.push({
        t: Math.floor(rng.uniform(from, ring.end)),
        actorType: 'merchant',
        actorId: ids.merchant(merchant),
        device: ids.device(rng.pick(ring.hubDevices)),
        ip: rng.chance(0.6)
          ? ids.homeIp(rng.pick(ring.hubIps))
          : ids.homeIp(keys.merchantIp(merchant)),
      });
    }
  },
};
