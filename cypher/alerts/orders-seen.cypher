// What "on new orders" rules compare with their last evaluation: how many orders there are
// (count store), the newest order time (the created_at index, newest first) and when detection
// last finished (newly flagged rings make ring-linked rules due). Nothing here scans orders.
MATCH (o:Order)
WITH count(o) AS orders
RETURN orders,
  COLLECT {
    MATCH (o:Order) WHERE o.created_at IS NOT NULL
    RETURN toString(o.created_at) ORDER BY o.created_at DESC LIMIT 1
  }[0] AS newest,
  COLLECT { MATCH (s:DetectionState {id: 'detector'}) RETURN toString(s.ran_at) }[0] AS detectedAt
