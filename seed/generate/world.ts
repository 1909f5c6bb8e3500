import type { Random, Sampler } from '../random.ts';
import type { Ids } from './ids.ts';

/** Shared state of one generator run: per-account and per-merchant typed arrays, ring plans. */

export const RING_KINDS = [
  'device_farm',
  'merchant_insider',
  'drop_address',
  'camouflaged',
] as const;
export type RingKind = (typeof RING_KINDS)[number];

export type PaymentMethod = 'bnpl' | 'card' | 'wallet';
export type OrderStatus = 'paid' | 'shipped' | 'delivered' | 'refunded' | 'cancelled';
export type RepaymentStatus = 'n/a' | 'open' | 'repaid' | 'overdue' | 'defaulted';

/** Bits of `AccountTable.flags`. */
export const Flag = {
  mobile: 1,
  nightOwl: 2,
  highValue: 4,
  riskyCredit: 8,
  loyal: 16,
  owner: 32,
  household: 64,
} as const;

/** Look-alike flags: accounts carrying any of these are never drafted into a ring. */
export const LOOKALIKE_FLAGS =
  Flag.nightOwl | Flag.highValue | Flag.loyal | Flag.owner | Flag.household;

export interface AccountTable {
  readonly size: number;
  /** Unix seconds. */
  readonly createdAt: Int32Array;
  /** CNY. */
  readonly limit: Int32Array;
  readonly kyc: Uint8Array;
  readonly city: Uint8Array;
  readonly flags: Uint8Array;
  /** Ordinary (non-ring, non-loyal) orders to place inside the window. */
  readonly orders: Uint16Array;
  /** Probability that an eligible order is paid with BNPL. */
  readonly bnplShare: Float32Array;
  /** Identity (id_hash) and phone owners, as person indices (see `Keys.ownerPerson`). */
  readonly person: Int32Array;
  readonly phonePerson: Int32Array;
  /** Device keys; -1 when absent. */
  readonly device0: Int32Array;
  readonly device1: Int32Array;
  readonly sharedDevice: Int32Array;
  /** Home IP key and home address key. */
  readonly homeIp: Int32Array;
  readonly address: Int32Array;
  /** Index of the carrier NAT IP used on mobile data; -1 for accounts without mobile traffic. */
  readonly nat: Int32Array;
  readonly loyalShop: Int32Array;
  readonly household: Int32Array;
  readonly ring: Int32Array;
}

export interface MerchantTable {
  readonly size: number;
  readonly createdAt: Int32Array;
  readonly category: Uint8Array;
  readonly city: Uint8Array;
  /** Popularity rank, 0 = most popular. */
  readonly rank: Int32Array;
  readonly rankToMerchant: Int32Array;
  readonly ownerPerson: Int32Array;
  readonly payoutKey: Int32Array;
  readonly carrier: Uint8Array;
  readonly hasSecondDevice: Uint8Array;
  readonly names: string[];
  readonly loyalShop: Uint8Array;
  readonly ring: Int32Array;
  /** Draws a merchant by Zipf popularity. */
  readonly popular: Sampler;
  /** Per category: merchants in rank order and a Zipf sampler over them. */
  readonly byCategory: readonly { readonly merchants: Int32Array; readonly sampler: Sampler }[];
}

/**
 * Disjoint integer key ranges for devices, IPs, addresses and persons, so that e.g. a household
 * device can never be mistaken for a personal one.
 */
export interface Keys {
  personalDevice(account: number, slot: 0 | 1): number;
  householdDevice(household: number): number;
  ringDevice(ring: number, slot: number): number;
  merchantDevice(merchant: number, slot: 0 | 1): number;
  accountHome(account: number): number;
  householdHome(household: number): number;
  ringIp(ring: number, slot: number): number;
  merchantIp(merchant: number): number;
  workAddress(account: number): number;
  dropAddress(ring: number, slot: number): number;
  ownerPerson(merchant: number): number;
}

export const RING_SLOTS = 8;

export function createKeys(accounts: number): Keys {
  const n = accounts;
  // Rings never outnumber a fifth of the accounts (each has at least 5 members).
  const ringSpace = (Math.ceil(n / 5) + 16) * RING_SLOTS;
  return {
    personalDevice: (a, slot) => a * 2 + slot,
    householdDevice: (h) => 2 * n + h,
    ringDevice: (r, slot) => 3 * n + r * RING_SLOTS + slot,
    merchantDevice: (m, slot) => 3 * n + ringSpace + m * 2 + slot,
    accountHome: (a) => a,
    householdHome: (h) => n + h,
    ringIp: (r, slot) => 2 * n + r * RING_SLOTS + slot,
    merchantIp: (m) => 2 * n + ringSpace + m,
    workAddress: (a) => 2 * n + a,
    dropAddress: (r, slot) => 3 * n + r * RING_SLOTS + slot,
    ownerPerson: (m) => n + m,
  };
}

export interface RingPlan {
  readonly index: number;
  readonly id: string;
  readonly kind: RingKind;
  readonly members: number[];
  readonly merchants: number[];
  /** Unix seconds bounding the ring's orders. */
  start: number;
  end: number;
  /** Started so recently that no ring order is due yet. */
  readonly fresh: boolean;
  /** Probability that a due ring order is not repaid. */
  readonly defaultRate: number;
  /** Probability that a ring order has a logistics anomaly (reused or missing tracking). */
  logisticsAnomaly: number;
  hubDevices: number[];
  hubIps: number[];
  dropAddresses: number[];
  /** Reused tracking numbers available to the ring. */
  trackingPool: number;
  /** Night/burst start times (device farms). */
  bursts: number[];
  /** Members with an identity link to the ring merchant's back office. */
  linked: Set<number>;
}

export interface Lookalike {
  readonly kind: string;
  readonly accounts: number[];
  readonly merchants?: number[];
  readonly ip?: string;
}

export interface World {
  readonly seed: number;
  readonly root: Random;
  readonly ids: Ids;
  readonly keys: Keys;
  readonly accounts: AccountTable;
  readonly merchants: MerchantTable;
  readonly natCount: number;
  readonly loyalGroups: readonly { readonly merchant: number; readonly accounts: number[] }[];
  readonly householdCount: number;
  readonly ownerAccounts: readonly { readonly merchant: number; readonly account: number }[];
  readonly rings: RingPlan[];
}

/** An order before its id and courier number are assigned (both follow the time-sorted order). */
export interface OrderDraft {
  t: number;
  account: string;
  merchant: number;
  amountCents: number;
  method: PaymentMethod;
  status: OrderStatus;
  device: string;
  ip: string;
  address: string;
  /** Literal tracking number, '' for none, or undefined to draw a fresh one with `carrier`. */
  tracking: string | undefined;
  carrier: string;
  /** Unix seconds, 0 for non-BNPL orders. */
  due: number;
  repayment: RepaymentStatus;
}

export interface SessionDraft {
  t: number;
  actorType: 'account' | 'merchant';
  actorId: string;
  device: string;
  ip: string;
}

export interface Drafts {
  readonly orders: OrderDraft[];
  readonly sessions: SessionDraft[];
}
