// title: Rings touching a given merchant
// name: rings-touching-merchant
// description: Rings the merchant belongs to, and rings whose member accounts ordered at the
//   merchant, with how many of their members bought there and for how much (BNPL).
// returns: table
// tags: rings, merchants
// param: $merchant_id string - the merchant's id
// param: $active_only boolean = true - leave out rings a later detection retired
MATCH (m:Merchant {id: $merchant_id})
CALL (m) {
  MATCH (m)-[:MEMBER_OF]->(r:Ring)
  RETURN r
  UNION
  MATCH (m)<-[:AT]-(:Order)<-[:PLACED]-(:Account)-[:MEMBER_OF]->(r:Ring)
  RETURN r
}
WITH m, r
WHERE NOT $active_only OR r.active
CALL (m, r) {
  OPTIONAL MATCH (r)<-[:MEMBER_OF]-(a:Account)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m)
  RETURN count(DISTINCT a) AS members_buying_here, count(o) AS bnpl_orders_here,
    round(sum(coalesce(o.amount, 0)), 2) AS bnpl_amount_here
}
RETURN r.id AS ring_id, EXISTS { (m)-[:MEMBER_OF]->(r) } AS merchant_is_member,
  round(r.score, 3) AS score, r.flagged AS flagged, r.status AS status, r.active AS active,
  members_buying_here, bnpl_orders_here, bnpl_amount_here
ORDER BY merchant_is_member DESC, score DESC, ring_id
