// Ring membership of many accounts in one round-trip: one row per requested id, in request order
// (duplicates included); unknown ids come back with found = false.
// $ids: [string] (at most 1,000, checked by the API)
UNWIND range(0, size($ids) - 1) AS position
WITH position, $ids[position] AS id
OPTIONAL MATCH (n:Account {id: id})
// The riskiest membership first, in refresh-risk.cypher's order: rings[0] is the ring that
// risk and reasons describe.
CALL (n) {
  OPTIONAL MATCH (n)-[m:MEMBER_OF]->(r:Ring {active: true})
  WITH r ORDER BY m.risk DESC, r.score DESC, r.id
  RETURN collect(r {.id, .score, .flagged, .status}) AS rings
}
RETURN id, n IS NOT NULL AS found, n.risk AS risk, n.risk_reasons AS reasons, rings
ORDER BY position
