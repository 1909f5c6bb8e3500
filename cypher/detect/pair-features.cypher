// Maintains the BNPL pair features: one (:Account)-[:BNPL_AT]->(:Merchant) per buyer→merchant
// pair that shows at least one anomaly (repeat orders, high amount/limit, night, missing or
// reused tracking number, bad outcome, a fresh account), with how often, how much relative to
// the credit limit, at night, with logistics anomalies and how it was repaid; and on each account
// its total BNPL amount (the denominator of "how exclusive is this buyer's spending at a shop").
// Merchant scoring reads these instead of aggregating orders. Orders are taken in time order,
// so sums and lists come out the same on every run.
// $touchedOnly false: every account. true: touched accounts and the accounts whose orders share
// a tracking number with a touched order; returns, per account whose features changed, the
// merchants of changed pairs (changed), of pairs that appeared or went (joined), of its repeat
// pairs when its total changed (repeat), and of pairs whose high-draw standing changed (high,
// see co-merchant-edges.cypher).
// $minRatio: amount/limit counted as "near the limit"; $freshDays: account age counted as new;
// $ratio: mean draw counted as high; $maxShops: the co-merchant rule's shop limit per buyer.
// Auto-commit.
CALL () {
  WITH 1 AS one WHERE NOT $touchedOnly
  MATCH (a:Account)
  RETURN a
  UNION
  WITH 1 AS one WHERE $touchedOnly
  MATCH (a:Account:Touched)
  RETURN a
  UNION
  WITH 1 AS one WHERE $touchedOnly
  MATCH (:Order:Touched)-[:SHIPPED_WITH]->(:Tracking)<-[:SHIPPED_WITH]-(:Order)<-[:PLACED]-(a:Account)
  RETURN a
}
CALL (a) {
  CALL (a) {
    MATCH (a)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m:Merchant)
    WITH o, m ORDER BY o.created_at, o.id
    WITH m, o,
      CASE WHEN a.bnpl_limit > 0 THEN o.amount / a.bnpl_limit END AS ratio,
      o.status IN ['shipped', 'delivered'] AND NOT EXISTS { (o)-[:SHIPPED_WITH]->(:Tracking) } AS untracked,
      EXISTS { (o)-[:SHIPPED_WITH]->(:Tracking)<-[:SHIPPED_WITH]-(:Order)<-[:PLACED]-(other:Account) WHERE other <> a } AS reused,
      o.repayment_status IN ['overdue', 'defaulted'] AS bad
    WITH m,
      count(o) AS orders,
      sum(o.amount) AS amount,
      coalesce(avg(ratio), 0.0) AS meanRatio,
      sum(CASE WHEN ratio >= $minRatio THEN 1 ELSE 0 END) AS nearLimit,
      sum(CASE WHEN o.created_at.hour < 6 THEN 1 ELSE 0 END) AS nightOrders,
      sum(CASE WHEN untracked THEN 1 ELSE 0 END) AS untracked,
      sum(CASE WHEN reused THEN 1 ELSE 0 END) AS reusedTracking,
      sum(CASE WHEN bad THEN 1 ELSE 0 END) AS badOutcome,
      sum(CASE WHEN o.repayment_status = 'open' THEN o.amount ELSE 0.0 END) AS openAmount,
      sum(CASE WHEN bad THEN o.amount ELSE 0.0 END) AS badAmount,
      collect(o.created_at.epochSeconds) AS times,
      collect(o.id) AS orderIds,
      min(o.created_at) AS firstAt
    WITH m, amount, orders, nearLimit, nightOrders, untracked, reusedTracking, badOutcome,
      openAmount, badAmount, times, orderIds, meanRatio,
      duration.inDays(a.created_at, firstAt).days AS accountAgeDays
    WITH m, amount, {
      orders: orders, amount: amount, mean_ratio: meanRatio, near_limit: nearLimit,
      night_orders: nightOrders, untracked: untracked, reused_tracking: reusedTracking,
      bad_outcome: badOutcome, open_amount: openAmount, bad_amount: badAmount, times: times,
      order_ids: orderIds, account_age_days: accountAgeDays
    } AS features,
      orders >= 2 OR nearLimit > 0 OR nightOrders > 0 OR untracked > 0 OR reusedTracking > 0
      OR badOutcome > 0 OR accountAgeDays <= $freshDays AS anomalous
    ORDER BY m.id
    RETURN sum(amount) AS total,
      collect(CASE WHEN anomalous THEN {merchant: m, features: features} END) AS pairs
  }
  WITH a, total, pairs, a.bnpl_amount AS before,
    [(a)-[p:BNPL_AT]->(m) WHERE p.mean_ratio >= $ratio | m.id] AS highBefore,
    [pair IN pairs WHERE pair.features.mean_ratio >= $ratio | pair.merchant.id] AS highAfter
  WITH a, pairs, before, highBefore, highAfter, CASE WHEN total > 0 THEN total END AS total
  CALL (a, before, total) {
    WITH a WHERE before IS NULL OR total IS NULL OR before <> total
    SET a.bnpl_amount = total
  }
  WITH a, pairs, before, highBefore, highAfter
  CALL (a, pairs) {
    OPTIONAL MATCH (a)-[old:BNPL_AT]->(m:Merchant)
    WHERE NOT m IN [pair IN pairs | pair.merchant]
    WITH old, m.id AS merchant
    DELETE old
    RETURN collect(merchant) AS dropped
  }
  CALL (a, pairs) {
    UNWIND pairs AS pair
    WITH pair.merchant AS m, pair.features AS features
    MERGE (a)-[p:BNPL_AT]->(m)
    WITH m, p, features, properties(p) AS old
    CALL (p, features, old) {
      WITH p WHERE old <> features
      SET p = features
    }
    RETURN collect(CASE WHEN old <> features THEN m.id END) AS updated,
      collect(CASE WHEN size(keys(old)) = 0 THEN m.id END) AS added,
      collect(CASE WHEN features.orders >= 2 THEN m.id END) AS repeat
  }
  WITH a, dropped + updated AS changed, dropped + added AS joined,
    CASE WHEN coalesce(before, 0.0) <> coalesce(a.bnpl_amount, 0.0) THEN repeat ELSE [] END AS repeat,
    CASE
      // Crossing the shop limit of the co-merchant rule changes every pair of its shops.
      WHEN (size(highBefore) <= $maxShops) <> (size(highAfter) <= $maxShops) THEN highBefore + highAfter
      ELSE [m IN highBefore WHERE NOT m IN highAfter] + [m IN highAfter WHERE NOT m IN highBefore]
    END AS high
  RETURN changed, joined, repeat, high
} IN TRANSACTIONS OF 5000 ROWS
WITH a, changed, joined, repeat, high
WHERE $touchedOnly AND size(changed) + size(repeat) > 0
RETURN a.id AS account, changed, joined, repeat, high
