// BNPL buyer→merchant pairs with the behaviour of the pair: how often, how much relative to
// the buyer's credit limit, at night, with logistics anomalies, how it was repaid, and how
// exclusive the buyer's BNPL spending at this merchant is. Only pairs that show at least one
// anomaly are returned (repeat orders, high amount/limit, night, anomalous logistics, bad
// outcome, a fresh account), so the result stays a small slice of all pairs.
// $minRatio: amount/limit counted as "near the limit"; $freshDays: account age counted as new;
// $merchants: only these merchants' pairs (null: all).
MATCH (m:Merchant)
WHERE $merchants IS NULL OR m.id IN $merchants
MATCH (a:Account)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m)
WITH a, m, o,
  CASE WHEN a.bnpl_limit > 0 THEN o.amount / a.bnpl_limit END AS ratio,
  o.created_at.hour < 6 AS night,
  o.status IN ['shipped', 'delivered'] AS shipped,
  COUNT { (o)-[:SHIPPED_WITH]->(:Tracking) } AS tracked,
  COUNT { (o)-[:SHIPPED_WITH]->(:Tracking)<-[:SHIPPED_WITH]-(:Order)<-[:PLACED]-(other:Account) WHERE other <> a } AS sharedTracking
WITH a, m,
  count(o) AS orders,
  sum(o.amount) AS amount,
  avg(ratio) AS meanRatio,
  sum(CASE WHEN ratio >= $minRatio THEN 1 ELSE 0 END) AS nearLimit,
  sum(CASE WHEN night THEN 1 ELSE 0 END) AS nightOrders,
  sum(CASE WHEN shipped AND tracked = 0 THEN 1 ELSE 0 END) AS untracked,
  sum(CASE WHEN sharedTracking > 0 THEN 1 ELSE 0 END) AS reusedTracking,
  sum(CASE WHEN o.repayment_status IN ['overdue', 'defaulted'] THEN 1 ELSE 0 END) AS badOutcome,
  sum(CASE WHEN o.repayment_status = 'open' THEN o.amount ELSE 0 END) AS openAmount,
  sum(CASE WHEN o.repayment_status IN ['overdue', 'defaulted'] THEN o.amount ELSE 0 END) AS badAmount,
  min(o.created_at) AS firstAt,
  max(o.created_at) AS lastAt,
  collect(o.created_at.epochSeconds) AS times,
  collect(o.id) AS orderIds
WHERE orders >= 2 OR nearLimit > 0 OR nightOrders > 0 OR untracked > 0 OR reusedTracking > 0
  OR badOutcome > 0 OR duration.inDays(a.created_at, firstAt).days <= $freshDays
RETURN a.id AS account, m.id AS merchant, orders, amount, meanRatio, nearLimit, nightOrders,
  untracked, reusedTracking, badOutcome, openAmount, badAmount, times, orderIds,
  duration.inDays(a.created_at, firstAt).days AS accountAgeDays,
  duration.inDays(m.created_at, firstAt).days AS merchantAgeDays
