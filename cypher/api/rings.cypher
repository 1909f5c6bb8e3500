// One page of active rings, filtered and ordered; ties broken by id so pages are stable.
// $minScore: float | null, $flagged: boolean | null, $status: string | null,
// $orderBy: 'SCORE' | 'EXPOSURE' | 'SIZE' | 'LAST_ACTIVITY', $offset: int, $limit: int
MATCH (r:Ring {active: true})
WHERE ($minScore IS NULL OR r.score >= $minScore)
  AND ($flagged IS NULL OR r.flagged = $flagged)
  AND ($status IS NULL OR r.status = $status)
WITH r
ORDER BY
  CASE $orderBy
    WHEN 'EXPOSURE' THEN r.exposure
    WHEN 'SIZE' THEN r.size
    WHEN 'LAST_ACTIVITY' THEN r.last_order_at.epochSeconds
    ELSE r.score
  END DESC,
  r.id
SKIP toInteger($offset)
LIMIT toInteger($limit)
RETURN 'Ring' AS kind, r.id AS id, r.score AS score, r.flagged AS flagged, r.status AS status,
  true AS active, coalesce(r.size, 0) AS size, coalesce(r.exposure, 0.0) AS exposure,
  coalesce(r.orders, 0) AS orders, r.first_order_at AS firstOrderAt,
  r.last_order_at AS lastOrderAt, r.detector_version AS detectorVersion
