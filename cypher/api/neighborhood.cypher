// The neighbourhood of one entity for the graph view: breadth-first up to $hops hops over data
// relationships (no reasons or audit entries), at most $limit nodes (nearest first; truncated
// when more were reachable), the tree edges that reached them, and exact per-type counts of the
// start node's direct neighbours (to spot hubs).
// The API makes element ids `Label:id`, so equal ids of different kinds cannot collide in Cytoscape.
// $id: string, $hops: 1..3, $limit: int, $types: [label] | null (nodes kept; traversal uses all)
CALL () {
  MATCH (s:Account {id: $id}) RETURN s
  UNION
  MATCH (s:Merchant {id: $id}) RETURN s
  UNION
  MATCH (s:Ring {id: $id}) RETURN s
  UNION
  MATCH (s:Order {id: $id}) RETURN s
  UNION
  MATCH (s:Device {id: $id}) RETURN s
  UNION
  MATCH (s:IP {id: $id}) RETURN s
  UNION
  MATCH (s:Address {id: $id}) RETURN s
  UNION
  MATCH (s:Phone {id: $id}) RETURN s
  UNION
  MATCH (s:Identity {id: $id}) RETURN s
  UNION
  MATCH (s:BankAccount {id: $id}) RETURN s
  UNION
  MATCH (s:Tracking {id: $id}) RETURN s
}
WITH s LIMIT 1
CALL (s) {
  // Counts of the input graph: ring reasons, audit entries and detection's stored pair
  // features (BNPL_AT, a second link to a merchant already counted through orders) are not neighbours.
  MATCH (s)-[r]-(x)
  WHERE NOT type(r) IN ['HAS_REASON', 'HAS_AUDIT', 'BNPL_AT']
  WITH head(labels(x)) AS type, count(*) AS count
  ORDER BY count DESC, type
  RETURN collect({type: type, count: count}) AS counts
}
CALL (s) {
  CALL apoc.path.expandConfig(s, {
    minLevel: 1, maxLevel: toInteger($hops), uniqueness: 'NODE_GLOBAL', bfs: true,
    relationshipFilter: 'PLACED|AT|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH|USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|MEMBER_OF',
    limit: toInteger($limit) + 1
  }) YIELD path
  RETURN collect(path) AS paths
}
WITH s, counts, paths[..toInteger($limit)] AS kept, size(paths) > toInteger($limit) AS truncated
WITH s, counts, truncated,
  [path IN kept WHERE $types IS NULL OR head(labels(last(nodes(path)))) IN $types] AS kept
WITH counts, truncated, kept,
  [{node: s, hop: 0}] + [path IN kept | {node: last(nodes(path)), hop: length(path)}] AS reached
RETURN true AS found, truncated, counts,
  [entry IN reached | {
    entityId: entry.node.id,
    type: head(labels(entry.node)), label: coalesce(entry.node.name, entry.node.id),
    risk: coalesce(entry.node.risk, entry.node.score), hop: entry.hop
  }] AS nodes,
  [path IN kept WHERE $types IS NULL OR length(path) = 1 OR head(labels(nodes(path)[-2])) IN $types | {
    id: elementId(last(relationships(path))),
    sourceType: head(labels(startNode(last(relationships(path))))),
    sourceId: startNode(last(relationships(path))).id,
    targetType: head(labels(endNode(last(relationships(path))))),
    targetId: endNode(last(relationships(path))).id,
    type: type(last(relationships(path)))
  }] AS edges
