import type { Neighborhood } from '../api/types.ts';

/** Expanding a node with more direct neighbours than this asks first. */
export const HUB_THRESHOLD = 100;

const PLURAL: Record<string, string> = {
  Account: 'accounts',
  Merchant: 'merchants',
  Order: 'orders',
  Device: 'devices',
  IP: 'IPs',
  Phone: 'phones',
  Identity: 'identities',
  Address: 'addresses',
  BankAccount: 'bank accounts',
  Tracking: 'tracking numbers',
  Ring: 'rings',
};

function plural(type: string, count: number): string {
  return count === 1 ? type.toLowerCase() : (PLURAL[type] ?? `${type}s`);
}

/**
 * The question to ask before expanding a hub ("NAT IP 1.2.3.4 with 3,214 accounts — expand
 * anyway?"), from the API's exact per-type neighbour counts; null when it is not a hub.
 */
export function hubQuestion(
  type: string,
  label: string,
  hood: Pick<Neighborhood, 'counts' | 'truncated'>,
): string | null {
  const counts = [...(hood.counts ?? [])].sort((a, b) => b.count - a.count);
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  if (total <= HUB_THRESHOLD && !hood.truncated) return null;
  const top = counts[0];
  const what = top
    ? `${top.count.toLocaleString('en-US')} ${plural(top.type, top.count)}`
    : `${total.toLocaleString('en-US')} neighbours`;
  const kind = type === 'IP' && top?.type === 'Account' ? 'NAT IP' : type;
  return `${kind} ${label} with ${what} — expand anyway?`;
}
