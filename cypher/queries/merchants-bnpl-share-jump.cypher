// title: Merchants whose BNPL share jumped in the last days
// name: merchants-bnpl-share-jump
// description: For each merchant, the share of its orders paid with BNPL in the last $days
//   days against the $baseline_days days before; a shop that suddenly takes mostly BNPL is
//   what a cash-out ring looks like from the merchant side.
// returns: table
// tags: merchants, bnpl, trend
// param: $days integer = 14 range 1..90 - length of the recent window in days
// param: $baseline_days integer = 60 range 7..365 - length of the window before it
// param: $min_orders integer = 10 range 1..100000 - orders the recent window needs
// param: $min_jump float = 0.3 range 0..1 - smallest rise of the BNPL share (0.3 = 30 points)
// param: $as_of datetime = null - end of the recent window; null means the newest order's time
// param: $limit integer = 100 range 1..5000 - merchants to return
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
WITH as_of, as_of - duration({days: $days}) AS recent_from
WITH as_of, recent_from, recent_from - duration({days: $baseline_days}) AS baseline_from
MATCH (o:Order)-[:AT]->(m:Merchant)
WHERE o.created_at > baseline_from AND o.created_at <= as_of
WITH m, recent_from,
  count(CASE WHEN o.created_at > recent_from THEN 1 END) AS recent,
  count(CASE WHEN o.created_at > recent_from AND o.payment_method = 'bnpl' THEN 1 END) AS recent_bnpl,
  count(CASE WHEN o.created_at <= recent_from THEN 1 END) AS baseline,
  count(CASE WHEN o.created_at <= recent_from AND o.payment_method = 'bnpl' THEN 1 END) AS baseline_bnpl
WHERE recent >= $min_orders
WITH m, recent, recent_bnpl, baseline,
  toFloat(recent_bnpl) / recent AS recent_share,
  CASE WHEN baseline = 0 THEN 0.0 ELSE toFloat(baseline_bnpl) / baseline END AS baseline_share
WHERE recent_share - baseline_share >= $min_jump
RETURN m.id AS merchant_id, m.name AS merchant_name, recent AS recent_orders,
  round(recent_share, 3) AS recent_bnpl_share, baseline AS baseline_orders,
  round(baseline_share, 3) AS baseline_bnpl_share, round(recent_share - baseline_share, 3) AS jump
ORDER BY jump DESC, recent_orders DESC, merchant_id
LIMIT $limit
