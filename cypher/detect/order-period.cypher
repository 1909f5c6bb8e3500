// First and last order time in the database (epoch seconds), each one seek on the created_at
// index: the observed period that timing signals are measured against.
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS first ORDER BY o.created_at ASC LIMIT 1
}
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS last ORDER BY o.created_at DESC LIMIT 1
}
RETURN first.epochSeconds AS from, last.epochSeconds AS to
