// title: BNPL orders near the credit limit at young merchants
// name: bnpl-near-limit-young-merchants
// description: BNPL orders that draw at least $min_limit_share of the buyer's credit limit at
//   merchants opened less than $max_merchant_age_days days before the order. Fresh shops that
//   take limit-sized BNPL orders are the classic cash-out pattern.
// returns: table
// tags: bnpl, merchants, credit-limit
// param: $max_merchant_age_days integer = 60 range 1..3650 - merchant age at the order, in days
// param: $min_limit_share float = 0.9 range 0..2 - amount divided by the buyer's BNPL limit
// param: $days integer = 90 range 1..3650 - look at orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// param: $limit integer = 500 range 1..5000 - orders to return
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (a:Account)-[:PLACED]->(o:Order)-[:AT]->(m:Merchant)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
  AND o.payment_method = 'bnpl'
  AND a.bnpl_limit > 0 AND o.amount >= $min_limit_share * a.bnpl_limit
  AND m.created_at > o.created_at - duration({days: $max_merchant_age_days})
RETURN o.id AS order_id, a.id AS account_id, m.id AS merchant_id, m.name AS merchant_name,
  duration.inDays(m.created_at, o.created_at).days AS merchant_age_days, o.amount AS amount,
  a.bnpl_limit AS bnpl_limit, round(o.amount / a.bnpl_limit, 3) AS limit_share,
  o.created_at AS created_at
ORDER BY created_at DESC, order_id
LIMIT $limit
