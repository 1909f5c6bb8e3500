// The stored BNPL pair features (see pair-features.cypher) of the listed merchants, or of all
// merchants when $all, with the buyer's total BNPL amount.
// One parameter shape in both modes (an empty list with $all). Neo4j caches a plan per parameter
// types and an empty list is a type of its own, so incremental runs get their own plan, made
// ahead of them (server/detect/plan-ahead.ts).
// $all: boolean, $merchants: [merchant id]
CALL () {
  WITH 1 AS one WHERE $all
  MATCH (a:Account)-[p:BNPL_AT]->(m:Merchant)
  RETURN a, p, m
  UNION
  UNWIND $merchants AS id
  MATCH (a:Account)-[p:BNPL_AT]->(m:Merchant {id: id})
  RETURN a, p, m
}
RETURN a.id AS account, m.id AS merchant, p.orders AS orders, p.amount AS amount,
  p.mean_ratio AS meanRatio, p.near_limit AS nearLimit, p.night_orders AS nightOrders,
  p.untracked AS untracked, p.reused_tracking AS reusedTracking, p.bad_outcome AS badOutcome,
  p.open_amount AS openAmount, p.bad_amount AS badAmount, p.times AS times,
  p.order_ids AS orderIds, p.account_age_days AS accountAgeDays,
  a.bnpl_amount AS accountAmount
