// Per-account and per-merchant risk: the highest member risk over the active rings they are
// in, with that membership's reasons; cleared for those in none. $accounts / $merchants limit
// the refresh to these ids (null: every scored or member node).
// $accounts, $merchants: [id] or null
CALL () {
  MATCH (n:Account)
  WHERE CASE WHEN $accounts IS NULL THEN n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() } ELSE n.id IN $accounts END
  RETURN n
  UNION
  MATCH (n:Merchant)
  WHERE CASE WHEN $merchants IS NULL THEN n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() } ELSE n.id IN $merchants END
  RETURN n
}
OPTIONAL MATCH (n)-[membership:MEMBER_OF]->(:Ring {active: true})
WITH n, membership ORDER BY membership.risk DESC
WITH n, head(collect(membership)) AS best
SET n.risk = best.risk, n.risk_reasons = best.reasons
