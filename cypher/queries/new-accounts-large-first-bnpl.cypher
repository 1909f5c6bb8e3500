// title: New accounts whose first order is a large BNPL order
// name: new-accounts-large-first-bnpl
// description: Accounts whose very first order is BNPL, placed within $max_account_age_days days
//   of sign-up and drawing at least $min_limit_share of the credit limit. Honest customers
//   rarely start by maxing out their credit.
// returns: table
// tags: accounts, bnpl, credit-limit, new-accounts
// param: $max_account_age_days integer = 7 range 0..365 - account age at its first order, in days
// param: $min_limit_share float = 0.8 range 0..2 - first order amount divided by the BNPL limit
// param: $days integer = 90 range 1..3650 - look at first orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// param: $limit integer = 500 range 1..5000 - accounts to return
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (a:Account)-[:PLACED]->(o:Order)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
  AND o.payment_method = 'bnpl'
  AND a.bnpl_limit > 0 AND o.amount >= $min_limit_share * a.bnpl_limit
  AND o.created_at <= a.created_at + duration({days: $max_account_age_days})
  AND NOT EXISTS {
    MATCH (a)-[:PLACED]->(earlier:Order)
    WHERE earlier.created_at < o.created_at OR (earlier.created_at = o.created_at AND earlier.id < o.id)
  }
MATCH (o)-[:AT]->(m:Merchant)
RETURN a.id AS account_id, a.created_at AS account_created_at, o.id AS order_id,
  m.id AS merchant_id, o.amount AS amount, a.bnpl_limit AS bnpl_limit,
  round(o.amount / a.bnpl_limit, 3) AS limit_share,
  round(duration.inSeconds(a.created_at, o.created_at).seconds / 3600.0, 1) AS hours_after_signup
ORDER BY o.created_at DESC, account_id
LIMIT $limit
