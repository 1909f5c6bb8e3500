import type { PairRow, Reason } from './types.ts';
import { FRESH_ACCOUNT_DAYS, PAIR_WEIGHTS } from './weights.ts';

export type PairBehaviour = { score: number; reasons: Reason[] };

const clamp = (value: number) => Math.max(0, Math.min(1, value));
const percent = (value: number) => `${Math.round(value * 100)}%`;

/**
 * How suspicious one buyer's BNPL orders at one merchant look on their own: repeat orders,
 * amounts near the credit limit, night orders, missing or reused tracking numbers, bad
 * repayment, a fresh account, and how exclusive the buyer's BNPL spending at this shop is.
 * `accountAmount` is the buyer's BNPL amount at all merchants. Each signal is in [0, 1]; the
 * score is their weighted sum. Cash-out exists to turn credit into
 * money, so drawing most of the limit, repeatedly, at one shop weighs most.
 */
export function pairBehaviour(pair: PairRow, accountAmount: number | undefined): PairBehaviour {
  const exclusivity = accountAmount && accountAmount > 0 ? clamp(pair.amount / accountAmount) : 1;
  const signals = {
    repeat: clamp((pair.orders - 1) / 2),
    creditDraw: clamp((pair.meanRatio - 0.3) / 0.5),
    nearLimit: pair.nearLimit / pair.orders,
    night: pair.nightOrders / pair.orders,
    logistics: clamp((pair.untracked + pair.reusedTracking) / pair.orders),
    outcome: pair.badOutcome / pair.orders,
    fresh:
      pair.accountAgeDays <= FRESH_ACCOUNT_DAYS
        ? 1
        : pair.accountAgeDays <= FRESH_ACCOUNT_DAYS * 4
          ? 0.5
          : 0,
    exclusivity: pair.orders >= 2 ? exclusivity : 0,
  };
  const reasons: Reason[] = [];
  const add = (kind: Reason['kind'], key: keyof typeof signals, text: string) => {
    const weight = PAIR_WEIGHTS[key] * signals[key];
    if (weight > 0) reasons.push({ kind, text, weight, evidence: pair.orderIds });
  };
  add('structure', 'repeat', `${pair.orders} BNPL orders at this merchant`);
  add(
    'behaviour',
    'creditDraw',
    `orders here draw on average ${percent(pair.meanRatio)} of the account's credit limit`,
  );
  add(
    'behaviour',
    'nearLimit',
    `${pair.nearLimit} of ${pair.orders} orders at ≥80% of the credit limit (mean ${percent(pair.meanRatio)})`,
  );
  add(
    'behaviour',
    'night',
    `${pair.nightOrders} of ${pair.orders} orders placed between 00:00 and 06:00`,
  );
  add(
    'behaviour',
    'logistics',
    `${pair.reusedTracking} orders with a tracking number reused by other accounts, ${pair.untracked} shipped without one`,
  );
  add('outcome', 'outcome', `${pair.badOutcome} of ${pair.orders} orders overdue or defaulted`);
  add('behaviour', 'fresh', `account was ${pair.accountAgeDays} days old at its first order here`);
  add(
    'structure',
    'exclusivity',
    `${percent(exclusivity)} of the account's BNPL spending is at this merchant`,
  );
  return { score: reasons.reduce((sum, reason) => sum + reason.weight, 0), reasons };
}
