// title: Merchants where BNPL defaulters concentrate
// name: merchants-defaulter-concentration
// description: Merchants whose BNPL orders end overdue or defaulted far more often than the
//   platform's BNPL orders overall (lift = merchant rate / platform rate). Outcomes lag, so
//   this confirms rings after the fact rather than finding them early.
// returns: table
// tags: merchants, outcome, defaults
// param: $min_bnpl_orders integer = 20 range 1..1000000 - BNPL orders a merchant needs to be ranked
// param: $min_lift float = 2 range 0..1000 - smallest ratio to the platform's bad-outcome rate
// param: $limit integer = 100 range 1..5000 - merchants to return
CALL () {
  MATCH (o:Order {payment_method: 'bnpl'})
  RETURN toFloat(count(CASE WHEN o.repayment_status IN ['overdue', 'defaulted'] THEN 1 END))
    / count(o) AS platform_rate
}
MATCH (o:Order {payment_method: 'bnpl'})-[:AT]->(m:Merchant)
WITH m, platform_rate, count(o) AS bnpl_orders,
  count(CASE WHEN o.repayment_status IN ['overdue', 'defaulted'] THEN 1 END) AS bad,
  count(CASE WHEN o.repayment_status = 'defaulted' THEN 1 END) AS defaulted
WHERE bnpl_orders >= $min_bnpl_orders AND platform_rate > 0
WITH m, platform_rate, bnpl_orders, bad, defaulted, toFloat(bad) / bnpl_orders AS rate
WHERE rate / platform_rate >= $min_lift
RETURN m.id AS merchant_id, m.name AS merchant_name, bnpl_orders, bad AS overdue_or_defaulted,
  defaulted, round(rate, 3) AS bad_rate, round(platform_rate, 3) AS platform_rate,
  round(rate / platform_rate, 2) AS lift
ORDER BY lift DESC, bnpl_orders DESC, merchant_id
LIMIT $limit
