import type { PairRow } from './types.ts';
import { CO_MERCHANT_MIN_SHARED, CO_MERCHANT_OVERLAP, HIGH_DRAW_RATIO } from './weights.ts';

/** A shop, or several shops one ring cashes out through, with its candidate buyers' pairs. */
export type MerchantUnit = { merchants: string[]; pairs: PairRow[] };

const drawsHigh = (pair: PairRow) => (pair.meanRatio ?? 0) >= HIGH_DRAW_RATIO;

function find(parent: Map<string, string>, node: string): string {
  let root = node;
  while (parent.get(root) !== root) root = parent.get(root) as string;
  parent.set(node, root);
  return root;
}

/** One buyer's pairs at several shops of a unit, added up as if they were one shop. */
function combine(pairs: PairRow[]): PairRow {
  const first = pairs[0] as PairRow;
  if (pairs.length === 1) return first;
  const orders = pairs.reduce((sum, pair) => sum + pair.orders, 0);
  const sum = (pick: (pair: PairRow) => number) =>
    pairs.reduce((total, pair) => total + pick(pair), 0);
  return {
    account: first.account,
    merchant: pairs
      .map((pair) => pair.merchant)
      .sort()
      .join('+'),
    orders,
    amount: sum((pair) => pair.amount),
    meanRatio: sum((pair) => (pair.meanRatio ?? 0) * pair.orders) / orders,
    nearLimit: sum((pair) => pair.nearLimit),
    nightOrders: sum((pair) => pair.nightOrders),
    untracked: sum((pair) => pair.untracked),
    reusedTracking: sum((pair) => pair.reusedTracking),
    badOutcome: sum((pair) => pair.badOutcome),
    openAmount: sum((pair) => pair.openAmount),
    badAmount: sum((pair) => pair.badAmount),
    times: pairs.flatMap((pair) => pair.times),
    orderIds: pairs.flatMap((pair) => pair.orderIds),
    accountAgeDays: Math.min(...pairs.map((pair) => pair.accountAgeDays)),
    merchantAgeDays: Math.min(...pairs.map((pair) => pair.merchantAgeDays)),
  };
}

/**
 * Groups shops that share a good part of their high-draw BNPL buyers into one unit: a ring that
 * spreads its orders over two shops shows, at each shop alone, members with a single order.
 * Busy shops that merely share customers do not qualify: the shared buyers must be a sizeable
 * share of the smaller shop's high-draw buyers.
 */
export function mergeCoMerchants(byMerchant: Map<string, PairRow[]>): MerchantUnit[] {
  const highDraw = new Map<string, Set<string>>();
  const merchantsOf = new Map<string, string[]>();
  for (const [merchant, pairs] of byMerchant) {
    const buyers = new Set(pairs.filter(drawsHigh).map((pair) => pair.account));
    highDraw.set(merchant, buyers);
    for (const buyer of buyers)
      merchantsOf.set(buyer, [...(merchantsOf.get(buyer) ?? []), merchant]);
  }
  const shared = new Map<string, number>();
  for (const merchants of merchantsOf.values()) {
    if (merchants.length < 2 || merchants.length > 20) continue;
    const sorted = [...merchants].sort();
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length; j += 1) {
        const key = `${sorted[i]}\u0000${sorted[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const parent = new Map([...byMerchant.keys()].map((merchant) => [merchant, merchant]));
  for (const [key, count] of shared) {
    const [a, b] = key.split('\u0000') as [string, string];
    const smaller = Math.min(highDraw.get(a)?.size ?? 0, highDraw.get(b)?.size ?? 0);
    if (count >= CO_MERCHANT_MIN_SHARED && count >= CO_MERCHANT_OVERLAP * smaller) {
      parent.set(find(parent, a), find(parent, b));
    }
  }
  const units = new Map<string, string[]>();
  for (const merchant of byMerchant.keys()) {
    const root = find(parent, merchant);
    units.set(root, [...(units.get(root) ?? []), merchant]);
  }
  return [...units.values()].map((merchants) => {
    const byAccount = new Map<string, PairRow[]>();
    for (const merchant of merchants) {
      for (const pair of byMerchant.get(merchant) ?? []) {
        byAccount.set(pair.account, [...(byAccount.get(pair.account) ?? []), pair]);
      }
    }
    return { merchants: merchants.sort(), pairs: [...byAccount.values()].map(combine) };
  });
}
