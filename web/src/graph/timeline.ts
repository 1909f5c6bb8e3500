import type { Order, TimelineBucket } from '../api/types.ts';

/** Repayment statuses in the order charts stack them, worst last. */
export const REPAYMENT_ORDER = ['repaid', 'n/a', 'open', 'overdue', 'defaulted'] as const;

export type DayBar = {
  day: string;
  amount: number;
  orders: number;
  byStatus: Record<string, number>;
};

/** A ring's timeline buckets folded into one bar per day (amount split by repayment status). */
export function dailyBars(buckets: readonly TimelineBucket[]): DayBar[] {
  const days = new Map<string, DayBar>();
  for (const bucket of buckets) {
    const bar = days.get(bucket.day) ?? { day: bucket.day, amount: 0, orders: 0, byStatus: {} };
    const status = bucket.repaymentStatus ?? 'n/a';
    bar.amount += bucket.amount;
    bar.orders += bucket.orders;
    bar.byStatus[status] = (bar.byStatus[status] ?? 0) + bucket.amount;
    days.set(bucket.day, bar);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Orders of one account or merchant, for its timeline chart. */
export function ordersOf(orders: readonly Order[], entityId: string): Order[] {
  return orders.filter((order) => order.accountId === entityId || order.merchantId === entityId);
}
