// title: Alert on a large BNPL order by an account linked to a flagged ring
// name: alert-large-bnpl-ring-linked
// description: Early warning: a BNPL order of at least $min_amount (or $min_limit_share of the
//   buyer's limit) by an account that is a member of an active flagged ring, or shares a device,
//   phone or identity with a member (identifiers used by more than $max_sharers actors do not
//   count). One alert per order.
// returns: table
// tags: alert, bnpl, rings
// param: $min_amount float = 2000 range 0..10000000 - order amount that is large in any case
// param: $min_limit_share float = 0.8 range 0..2 - or: amount divided by the buyer's BNPL limit
// param: $max_sharers integer = 60 range 2..10000 - skip identifiers used by more actors than this
// param: $days integer = 7 range 1..365 - look at orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// rule: on-new-orders
// subject: Order order_id
// evidence: account_id, merchant_id, ring_ids, linked_members
// summary: BNPL order {order_id} of {amount} by {account_id} at {merchant_id}, linked to flagged
//   ring(s) {ring_ids} through {linked_members}
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (a:Account)-[:PLACED]->(o:Order)-[:AT]->(m:Merchant)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
  AND o.payment_method = 'bnpl'
  AND (o.amount >= $min_amount OR (a.bnpl_limit > 0 AND o.amount >= $min_limit_share * a.bnpl_limit))
CALL (a) {
  MATCH (a)-[:MEMBER_OF]->(r:Ring {active: true, flagged: true})
  RETURN r, a AS member
  UNION
  MATCH (a)-[:USES_DEVICE|HAS_PHONE|HAS_IDENTITY]->(x)<-[:USES_DEVICE|HAS_PHONE|HAS_IDENTITY]-(member:Account)
  WHERE member <> a
    AND COUNT { (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY]-() } <= $max_sharers
  MATCH (member)-[:MEMBER_OF]->(r:Ring {active: true, flagged: true})
  RETURN r, member
}
WITH o, a, m, collect(DISTINCT r.id) AS ring_ids, collect(DISTINCT member.id) AS linked_members
RETURN o.id AS order_id, a.id AS account_id, m.id AS merchant_id, o.amount AS amount,
  round(o.amount / CASE WHEN a.bnpl_limit > 0 THEN a.bnpl_limit ELSE null END, 3) AS limit_share,
  ring_ids, linked_members
ORDER BY o.created_at DESC, order_id
