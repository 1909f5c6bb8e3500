// Per-account and per-merchant risk: the highest member risk over the active rings they are
// in, with that membership's reasons; cleared for those in none. $accounts / $merchants limit
// the refresh to these ids (null: every scored or member node).
// $accounts, $merchants: [id] or null
CALL () {
  WITH 1 AS one WHERE $accounts IS NULL
  MATCH (n:Account)
  WHERE n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() }
  RETURN n
  UNION
  UNWIND coalesce($accounts, []) AS id
  MATCH (n:Account {id: id})
  RETURN n
  UNION
  WITH 1 AS one WHERE $merchants IS NULL
  MATCH (n:Merchant)
  WHERE n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() }
  RETURN n
  UNION
  UNWIND coalesce($merchants, []) AS id
  MATCH (n:Merchant {id: id})
  RETURN n
}
OPTIONAL MATCH (n)-[membership:MEMBER_OF]->(:Ring {active: true})
WITH n, membership ORDER BY membership.risk DESC
WITH n, head(collect(membership)) AS best
SET n.risk = best.risk, n.risk_reasons = best.reasons
