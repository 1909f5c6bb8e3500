// One ring by id, active or retired (retired rings keep their analyst status for the audit trail).
// $id: string
MATCH (r:Ring {id: $id})
RETURN 'Ring' AS kind, r.id AS id, r.score AS score, r.flagged AS flagged, r.status AS status,
  coalesce(r.active, false) AS active, coalesce(r.size, 0) AS size,
  coalesce(r.exposure, 0.0) AS exposure, coalesce(r.orders, 0) AS orders,
  r.first_order_at AS firstOrderAt, r.last_order_at AS lastOrderAt,
  r.detector_version AS detectorVersion
