// Per-account and per-merchant risk: the highest member risk over the active rings they are
// in, with that membership's reasons; cleared for those in none. Either every scored or member
// node ($all) or only the $accounts and $merchants listed.
// One parameter shape in both modes (an empty list with $all). Neo4j caches a plan per parameter
// types and an empty list is a type of its own, so incremental runs get their own plan, made
// ahead of them (server/detect/plan-ahead.ts).
// $all: boolean, $accounts, $merchants: [id]
CALL () {
  WITH 1 AS one WHERE $all
  MATCH (n:Account)
  WHERE n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() }
  RETURN n
  UNION
  UNWIND $accounts AS id
  MATCH (n:Account {id: id})
  RETURN n
  UNION
  WITH 1 AS one WHERE $all
  MATCH (n:Merchant)
  WHERE n.risk IS NOT NULL OR EXISTS { (n)-[:MEMBER_OF]->() }
  RETURN n
  UNION
  UNWIND $merchants AS id
  MATCH (n:Merchant {id: id})
  RETURN n
}
// Ties go to the higher-scored ring, then the lower id: the membership API lists rings in this order.
OPTIONAL MATCH (n)-[membership:MEMBER_OF]->(ring:Ring {active: true})
WITH n, membership ORDER BY membership.risk DESC, ring.score DESC, ring.id
WITH n, head(collect(membership)) AS best
SET n.risk = best.risk, n.risk_reasons = best.reasons
