import { compareIds } from './compare-ids.ts';
import { connectedSets } from './components.ts';
import type { PairRow } from './types.ts';
import {
  CO_MERCHANT_MAX_SHOPS,
  CO_MERCHANT_MIN_SHARED,
  CO_MERCHANT_OVERLAP,
  HIGH_DRAW_RATIO,
} from './weights.ts';

/** A shop, or several shops one ring cashes out through, with its candidate buyers' pairs. */
export type MerchantUnit = { merchants: string[]; pairs: PairRow[] };

const drawsHigh = (pair: PairRow) => pair.meanRatio >= HIGH_DRAW_RATIO;

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
    meanRatio: sum((pair) => pair.meanRatio * pair.orders) / orders,
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
  };
}

/**
 * The co-merchant rule: two shops are scored as one unit when they share at least
 * CO_MERCHANT_MIN_SHARED high-draw buyers making up CO_MERCHANT_OVERLAP of the smaller shop's
 * high-draw buyers (shared buyers counted only when they draw high at 2..CO_MERCHANT_MAX_SHOPS
 * shops). Busy shops that merely share customers do not qualify.
 */
export function isCoMerchantEdge(shared: number, highDrawA: number, highDrawB: number): boolean {
  return (
    shared >= CO_MERCHANT_MIN_SHARED &&
    shared >= CO_MERCHANT_OVERLAP * Math.min(highDrawA, highDrawB)
  );
}

/** A unit's candidate pairs: each buyer's pairs at the unit's shops combined, by account. */
export function unitOf(merchants: string[], byMerchant: Map<string, PairRow[]>): MerchantUnit {
  const byAccount = new Map<string, PairRow[]>();
  for (const merchant of merchants) {
    for (const pair of byMerchant.get(merchant) ?? []) {
      byAccount.set(pair.account, [...(byAccount.get(pair.account) ?? []), pair]);
    }
  }
  const pairs = [...byAccount.values()]
    .map(combine)
    .sort((a, b) => compareIds(a.account, b.account));
  return { merchants, pairs };
}

/**
 * Groups shops that share a good part of their high-draw BNPL buyers into one unit (see
 * isCoMerchantEdge): a ring that spreads its orders over two shops shows, at each shop alone,
 * members with a single order.
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
    if (merchants.length < 2 || merchants.length > CO_MERCHANT_MAX_SHOPS) continue;
    const sorted = [...merchants].sort();
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length; j += 1) {
        const key = `${sorted[i]}\u0000${sorted[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const edges: [string, string][] = [];
  for (const [key, count] of shared) {
    const [a, b] = key.split('\u0000') as [string, string];
    if (isCoMerchantEdge(count, highDraw.get(a)?.size ?? 0, highDraw.get(b)?.size ?? 0)) {
      edges.push([a, b]);
    }
  }
  return connectedSets(byMerchant.keys(), edges).map((merchants) => unitOf(merchants, byMerchant));
}
