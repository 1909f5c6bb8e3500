import type { Random } from '../random.ts';
import { type AccountView, pickChannel } from './account-view.ts';
import { DAY_HOURS, drawTime, NIGHT_HOURS } from './order-fields.ts';
import { NOW, WINDOW_START } from './time.ts';
import { Flag, type SessionDraft, type World } from './world.ts';

/** Login sessions: buyers on their own channels, merchants in their back office. */

export function emitAccountSessions(view: AccountView, rng: Random, out: SessionDraft[]): void {
  const start = Math.max(view.createdAt, WINDOW_START);
  const hours = view.flags & Flag.nightOwl ? NIGHT_HOURS : DAY_HOURS;
  const push = (t: number, device: string, ip: string): void => {
    out.push({ t, actorType: 'account', actorId: view.id, device, ip });
  };
  if (view.createdAt >= WINDOW_START) {
    const signUp = pickChannel(view, rng);
    push(view.createdAt, signUp.device, signUp.ip);
  }
  const visits = 1 + rng.poisson(2);
  for (let k = 0; k < visits; k++) {
    const channel = pickChannel(view, rng);
    push(drawTime(rng, start, NOW, hours), channel.device, channel.ip);
  }
  // Every mobile user appears on its carrier gateway, every household member on the shared PC.
  if (view.natIp !== null && view.flags & Flag.mobile) {
    push(drawTime(rng, start, NOW, hours), view.device0, view.natIp);
  }
  if (view.sharedDevice !== null) {
    push(drawTime(rng, start, NOW, hours), view.sharedDevice, view.homeIp);
  }
}

/** Back-office logins of one merchant from its own devices and office line (sometimes mobile). */
export function emitMerchantSessions(
  world: World,
  merchant: number,
  rng: Random,
  out: SessionDraft[],
): void {
  const { ids, keys, merchants } = world;
  const actorId = ids.merchant(merchant);
  const start = Math.max((merchants.createdAt[merchant] as number) + 60, WINDOW_START);
  const devices = [ids.device(keys.merchantDevice(merchant, 0))];
  if (merchants.hasSecondDevice[merchant])
    devices.push(ids.device(keys.merchantDevice(merchant, 1)));
  const office = ids.homeIp(keys.merchantIp(merchant));
  const visits = 4 + rng.poisson(8);
  for (let k = 0; k < visits; k++) {
    const ip = rng.chance(0.15) ? ids.natIp(rng.int(0, world.natCount - 1)) : office;
    out.push({
      t: drawTime(rng, start, NOW, DAY_HOURS),
      actorType: 'merchant',
      actorId,
      device: rng.pick(devices),
      ip,
    });
  }
}
