import { hash32, hashString, mix32 } from '../random.ts';

/**
 * Identifier formats. Every id is a keyed bijection or hash of an internal index, so ids carry no
 * information about ring membership, popularity or row order, and distinct indices never collide.
 */

/** A keyed bijection of [0, size) (4-round Feistel network with cycle walking); size <= 2^52. */
export function createPermutation(size: number, key: number): (index: number) => number {
  if (!(size >= 1 && size <= 2 ** 52))
    throw new RangeError(`permutation size ${size} out of range`);
  let bits = 2;
  while (2 ** bits < size) bits++;
  if (bits % 2 === 1) bits++;
  const halfSize = 2 ** (bits / 2);
  const mask = halfSize - 1;
  const [k0, k1, k2, k3] = [0, 1, 2, 3].map((round) => hash32(key, round, size % 4294967296)) as [
    number,
    number,
    number,
    number,
  ];
  const encrypt = (x: number): number => {
    let left = Math.floor(x / halfSize);
    let right = x - left * halfSize;
    let next = (left ^ (mix32(right ^ k0) & mask)) >>> 0;
    left = right;
    right = next;
    next = (left ^ (mix32(right ^ k1) & mask)) >>> 0;
    left = right;
    right = next;
    next = (left ^ (mix32(right ^ k2) & mask)) >>> 0;
    left = right;
    right = next;
    next = (left ^ (mix32(right ^ k3) & mask)) >>> 0;
    return right * halfSize + next;
  };
  return (index: number): number => {
    let x = encrypt(index);
    while (x >= size) x = encrypt(x);
    return x;
  };
}

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

// Broadband ranges of Chinese ISPs (first octets); mobile carrier gateways live in NAT_PREFIXES
// and never overlap them, so a home IP cannot collide with a carrier NAT address.
const BROADBAND_FIRST_OCTETS = [
  36, 42, 58, 59, 60, 61, 101, 106, 110, 113, 114, 115, 116, 118, 119, 121, 122, 123, 124, 125, 180,
  182, 218, 219, 220, 221, 222,
];
const NAT_PREFIXES = [
  '117.136',
  '223.104',
  '112.97',
  '39.144',
  '111.55',
  '120.244',
  '183.192',
  '223.72',
];
const PHONE_PREFIXES = ['13', '15', '17', '18', '19'];
const BANK_PREFIXES = ['6222', '6217', '6228', '6214', '6225', '6226'];
/** Courier prefixes; `EV` marks e-delivery references of virtual goods. */
export const CARRIER_PREFIXES = ['SF', 'YT', 'ZT', 'ST', 'YD', 'JD', 'EMS'] as const;
export const EVOUCHER_PREFIX = 'EV';

/** Tracking sequence numbers at or above this value are reserved for ring-controlled numbers. */
export const RING_TRACKING_BASE = 5e11;

export interface Ids {
  account(index: number): string;
  merchant(index: number): string;
  order(sequence: number): string;
  /** The number behind `order(sequence)`: `O` + this, zero-padded to ORDER_DIGITS. */
  orderNumber(sequence: number): number;
  device(key: number): string;
  homeIp(key: number): string;
  natIp(index: number): string;
  address(key: number): string;
  idHash(person: number): string;
  phone(person: number): string;
  payoutAccount(key: number): string;
  /** Unique for distinct `sequence` values (< 1e12), whatever the prefix. */
  tracking(prefix: string, sequence: number): string;
  /** The number behind `tracking(prefix, sequence)`, zero-padded to TRACKING_DIGITS. */
  trackingNumber(sequence: number): number;
}

// 10^9 sits just under 2^30, so the Feistel permutation rarely needs a second round trip.
export const ORDER_DIGITS = 9;
export const TRACKING_DIGITS = 12;

export function createIds(key: number, accounts: number, merchants: number): Ids {
  const ns = (label: string): number => hash32(key, hashString(label));
  const accountPerm = createPermutation(accounts, ns('account'));
  const merchantPerm = createPermutation(merchants, ns('merchant'));
  const orderPerm = createPermutation(10 ** ORDER_DIGITS, ns('order'));
  const phonePerm = createPermutation(1e9, ns('phone'));
  const payoutPerm = createPermutation(1e12, ns('payout'));
  const trackingPerm = createPermutation(10 ** TRACKING_DIGITS, ns('tracking'));
  const homeIpSpace = BROADBAND_FIRST_OCTETS.length * 256 * 256 * 254;
  const homeIpPerm = createPermutation(homeIpSpace, ns('home-ip'));
  const natSpace = NAT_PREFIXES.length * 256 * 254;
  const natPerm = createPermutation(natSpace, ns('nat-ip'));
  const deviceKey = ns('device');
  const addressKey = ns('address');
  const identityKey = ns('identity');
  const accountWidth = Math.max(8, String(accounts - 1).length);
  const merchantWidth = Math.max(6, String(merchants - 1).length);

  return {
    account(index) {
      return `A${String(accountPerm(index)).padStart(accountWidth, '0')}`;
    },
    merchant(index) {
      return `M${String(merchantPerm(index)).padStart(merchantWidth, '0')}`;
    },
    order(sequence) {
      return `O${String(orderPerm(sequence)).padStart(ORDER_DIGITS, '0')}`;
    },
    orderNumber: orderPerm,
    device(k) {
      return hex8(hash32(deviceKey, k, 1)) + hex8(hash32(deviceKey, k, 2));
    },
    homeIp(k) {
      if (k >= homeIpSpace) throw new RangeError(`home IP key ${k} exceeds ${homeIpSpace}`);
      let x = homeIpPerm(k);
      const last = 1 + (x % 254);
      x = Math.floor(x / 254);
      const third = x % 256;
      x = Math.floor(x / 256);
      const second = x % 256;
      const first = BROADBAND_FIRST_OCTETS[Math.floor(x / 256)];
      return `${first}.${second}.${third}.${last}`;
    },
    natIp(index) {
      if (index >= natSpace) throw new RangeError(`NAT IP index ${index} exceeds ${natSpace}`);
      const x = natPerm(index);
      const last = 1 + (x % 254);
      const third = Math.floor(x / 254) % 256;
      const prefix = NAT_PREFIXES[Math.floor(x / (254 * 256))];
      return `${prefix}.${third}.${last}`;
    },
    address(k) {
      return hex8(hash32(addressKey, k, 1)) + hex8(hash32(addressKey, k, 2));
    },
    idHash(person) {
      return (
        hex8(hash32(identityKey, person, 1)) +
        hex8(hash32(identityKey, person, 2)) +
        hex8(hash32(identityKey, person, 3)) +
        hex8(hash32(identityKey, person, 4))
      );
    },
    phone(person) {
      const prefix = PHONE_PREFIXES[hash32(identityKey, person, 5) % PHONE_PREFIXES.length];
      return `${prefix}${String(phonePerm(person)).padStart(9, '0')}`;
    },
    payoutAccount(k) {
      const prefix = BANK_PREFIXES[hash32(identityKey, k, 6) % BANK_PREFIXES.length];
      return `${prefix}${String(payoutPerm(k)).padStart(12, '0')}`;
    },
    tracking(prefix, sequence) {
      return `${prefix}${String(trackingPerm(sequence)).padStart(TRACKING_DIGITS, '0')}`;
    },
    trackingNumber: trackingPerm,
  };
}
