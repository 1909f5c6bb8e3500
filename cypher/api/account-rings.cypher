// The rings one account is a member of, with its role, risk and reasons in each; active rings first.
// $id: string
MATCH (:Account {id: $id})-[m:MEMBER_OF]->(r:Ring)
RETURN r {kind: 'Ring', .id, .score, .flagged, .status, active: coalesce(r.active, false),
    size: coalesce(r.size, 0), exposure: coalesce(r.exposure, 0.0), orders: coalesce(r.orders, 0),
    firstOrderAt: r.first_order_at, lastOrderAt: r.last_order_at,
    detectorVersion: r.detector_version} AS ring,
  m.role AS role, m.risk AS risk, m.reasons AS reasons
ORDER BY ring.active DESC, ring.score DESC, ring.id
