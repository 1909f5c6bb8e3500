// The shortest connection between two entities over data relationships (no reasons or audit
// entries), at most 6 hops in the search and $maxHops in the answer; no row when none is found.
// From an entity to itself: a zero-length path of that one node.
// The API makes element ids `Label:id`, as for neighborhood.cypher.
// $from: string, $to: string, $maxHops: 1..6, $fromType / $toType: label | null (the kind each
// end names when ids of several kinds are equal)
CALL () {
  MATCH (s:Account {id: $from}) RETURN s
  UNION
  MATCH (s:Merchant {id: $from}) RETURN s
  UNION
  MATCH (s:Ring {id: $from}) RETURN s
  UNION
  MATCH (s:Order {id: $from}) RETURN s
  UNION
  MATCH (s:Device {id: $from}) RETURN s
  UNION
  MATCH (s:IP {id: $from}) RETURN s
  UNION
  MATCH (s:Address {id: $from}) RETURN s
  UNION
  MATCH (s:Phone {id: $from}) RETURN s
  UNION
  MATCH (s:Identity {id: $from}) RETURN s
  UNION
  MATCH (s:BankAccount {id: $from}) RETURN s
  UNION
  MATCH (s:Tracking {id: $from}) RETURN s
}
WITH s WHERE $fromType IS NULL OR $fromType IN labels(s)
WITH s LIMIT 1
CALL () {
  MATCH (t:Account {id: $to}) RETURN t
  UNION
  MATCH (t:Merchant {id: $to}) RETURN t
  UNION
  MATCH (t:Ring {id: $to}) RETURN t
  UNION
  MATCH (t:Order {id: $to}) RETURN t
  UNION
  MATCH (t:Device {id: $to}) RETURN t
  UNION
  MATCH (t:IP {id: $to}) RETURN t
  UNION
  MATCH (t:Address {id: $to}) RETURN t
  UNION
  MATCH (t:Phone {id: $to}) RETURN t
  UNION
  MATCH (t:Identity {id: $to}) RETURN t
  UNION
  MATCH (t:BankAccount {id: $to}) RETURN t
  UNION
  MATCH (t:Tracking {id: $to}) RETURN t
}
WITH s, t WHERE $toType IS NULL OR $toType IN labels(t)
WITH s, t LIMIT 1
// shortestPath refuses equal end nodes, so an entity's path to itself is its zero-length path.
CALL (s, t) {
  WITH s, t
  WHERE s = t
  MATCH p = (s)
  RETURN p
  UNION
  WITH s, t
  WHERE s <> t
  MATCH p = shortestPath((s)-[:PLACED|AT|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH|USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|MEMBER_OF*..6]-(t))
  RETURN p
}
WITH p
WHERE length(p) <= toInteger($maxHops)
RETURN length(p) AS length,
  [i IN range(0, length(p)) | {
    entityId: nodes(p)[i].id,
    type: head(labels(nodes(p)[i])), label: coalesce(nodes(p)[i].name, nodes(p)[i].id),
    risk: coalesce(nodes(p)[i].risk, nodes(p)[i].score), hop: i
  }] AS nodes,
  [r IN relationships(p) | {
    id: elementId(r),
    sourceType: head(labels(startNode(r))), sourceId: startNode(r).id,
    targetType: head(labels(endNode(r))), targetId: endNode(r).id,
    type: type(r)
  }] AS edges
