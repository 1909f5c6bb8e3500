import type { Random } from '../random.ts';
import { type AccountTable, Flag, type World } from './world.ts';

/** An account's identifiers as strings, computed once per account while its rows are drafted. */
export interface AccountView {
  readonly index: number;
  readonly id: string;
  readonly flags: number;
  readonly createdAt: number;
  readonly limit: number;
  readonly device0: string;
  readonly device1: string | null;
  readonly sharedDevice: string | null;
  readonly homeIp: string;
  readonly natIp: string | null;
  readonly address: string;
  readonly workAddress: string;
}

export interface Channel {
  readonly device: string;
  readonly ip: string;
}

export function createAccountView(world: World, index: number): AccountView {
  const a: AccountTable = world.accounts;
  const { ids, keys } = world;
  const device1 = a.device1[index] as number;
  const shared = a.sharedDevice[index] as number;
  const nat = a.nat[index] as number;
  return {
    index,
    id: ids.account(index),
    flags: a.flags[index] as number,
    createdAt: a.createdAt[index] as number,
    limit: a.limit[index] as number,
    device0: ids.device(a.device0[index] as number),
    device1: device1 >= 0 ? ids.device(device1) : null,
    sharedDevice: shared >= 0 ? ids.device(shared) : null,
    homeIp: ids.homeIp(a.homeIp[index] as number),
    natIp: nat >= 0 ? ids.natIp(nat) : null,
    address: ids.address(a.address[index] as number),
    workAddress: ids.address(keys.workAddress(index)),
  };
}

/**
 * Device and IP of one visit: the phone on mobile data (carrier NAT), the household's shared
 * computer at home, or the account's own devices on the home line.
 */
export function pickChannel(view: AccountView, rng: Random): Channel {
  const roll = rng.next();
  if (view.natIp !== null && view.flags & Flag.mobile && roll < 0.45) {
    return { device: view.device0, ip: view.natIp };
  }
  if (view.sharedDevice !== null && roll < 0.65) {
    return { device: view.sharedDevice, ip: view.homeIp };
  }
  const device = view.device1 !== null && rng.chance(0.4) ? view.device1 : view.device0;
  return { device, ip: view.homeIp };
}
