// How many active rings pass the same filters as rings.cypher.
// $minScore: float | null, $flagged: boolean | null, $status: string | null
MATCH (r:Ring {active: true})
WHERE ($minScore IS NULL OR r.score >= $minScore)
  AND ($flagged IS NULL OR r.flagged = $flagged)
  AND ($status IS NULL OR r.status = $status)
RETURN count(r) AS total
