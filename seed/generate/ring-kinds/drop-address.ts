import { pickChannel } from '../account-view.ts';
import { drawLimit } from '../accounts.ts';
import { DAY_HOURS, drawTime } from '../order-fields.ts';
import type { RingKindModule } from '../ring-kind.ts';
import { nearLimitCents, pushRingOrder } from '../ring-orders.ts';
import { DAY, HOUR, NOW, WINDOW_START } from '../time.ts';

/**
 * Buyers (half fresh, half ordinary) ship to a few drop addresses with recycled or missing
 * tracking numbers; nothing links their devices to the shop.
 */
export const dropAddress: RingKindModule = {
  kind: 'drop_address',

  plan(world, ring, pool, maxMembers, rng) {
    const { accounts, keys } = world;
    const size = Math.min(maxMembers, rng.int(6, 30));
    const span = rng.int(7, 30) * DAY;
    ring.end = Math.min(ring.start + span, NOW - 3 * HOUR);
    ring.dropAddresses = Array.from({ length: rng.int(1, 3) }, (_, k) =>
      keys.dropAddress(ring.index, k),
    );
    ring.logisticsAnomaly = 0.8;
    ring.trackingPool = Math.max(2, Math.ceil(size / 4));
    const aged = pool.takeAged(Math.floor(size / 2), WINDOW_START - 30 * DAY, 3);
    const fresh = pool.takeAny(size - aged.length);
    for (const a of fresh) {
      accounts.createdAt[a] = Math.floor(ring.start - rng.uniform(1, 25) * DAY);
      const kyc = rng.chance(0.5) ? 1 : 2;
      accounts.kyc[a] = kyc;
      accounts.limit[a] = drawLimit(kyc, rng);
      accounts.orders[a] = rng.int(0, 3);
    }
    ring.members.push(...aged, ...fresh);
  },

  emitMemberRows(world, ring, view, rng, out) {
    const { ids } = world;
    const from = Math.max(ring.start, view.createdAt + HOUR);
    if (from >= ring.end) return;
    const orders = rng.int(2, 6);
    for (let k = 0; k < orders; k++) {
      const channel = pickChannel(view, rng);
      pushRingOrder(world, ring, view, rng, out.orders, {
        t: drawTime(rng, from, ring.end, DAY_HOURS),
        merchant: rng.pick(ring.merchants),
        amountCents: nearLimitCents(view.limit, 0.8, 0.99, rng),
        device: channel.device,
        ip: channel.ip,
        address: rng.chance(0.85) ? ids.address(rng.pick(ring.dropAddresses)) : view.address,
      });
    }
  },

  emitMerchantSessions() {},
};
