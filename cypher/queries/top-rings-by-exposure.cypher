// title: Top rings by outstanding BNPL exposure
// name: top-rings-by-exposure
// description: Active rings ranked by exposure, the open BNPL amount the platform stands to lose,
//   with score, size, status and the shops they cash out through. Start the day here.
// returns: table
// tags: rings, exposure, triage
// param: $min_score float = 0 range 0..1 - lowest ring score to include
// param: $flagged_only boolean = true - only rings at or above the flag threshold
// param: $limit integer = 25 range 1..1000 - rings to return
MATCH (r:Ring {active: true})
WHERE r.score >= $min_score AND (NOT $flagged_only OR r.flagged)
WITH r
ORDER BY r.exposure DESC, r.id
LIMIT $limit
RETURN r.id AS ring_id, round(r.exposure, 2) AS exposure, round(r.score, 3) AS score,
  r.flagged AS flagged, r.status AS status, r.size AS size, r.orders AS orders,
  COLLECT { MATCH (m:Merchant)-[:MEMBER_OF]->(r) RETURN m.id ORDER BY m.id } AS merchants,
  r.last_order_at AS last_order_at
