// The neighbourhood of one entity for the graph view: breadth-first up to $hops hops over data
// relationships (no reasons, audit entries, alerts or detection's stored links), at most $limit
// nodes of the $types asked for (nearest first; truncated when more were reachable), the nodes
// and tree edges of the paths that reached them, and exact per-type counts of the start node's
// distinct direct neighbours over the same relationships (to spot hubs).
// The API makes element ids `Label:id`, so equal ids of different kinds cannot collide in Cytoscape.
// $id: string, $hops: 1..3, $limit: int, $types: [label] | null (the limit counts only these;
// nodes of other kinds between them and the start stay, so every returned node is connected)
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
// The input graph's relationships, the one list both the counts and the traversal follow.
// Detection's stored links (SHARES, BNPL_AT) repeat what these already connect, and ring
// reasons, audit entries and alerts are not neighbours.
WITH s, toInteger($limit) AS most,
  ['PLACED', 'AT', 'FROM_DEVICE', 'FROM_IP', 'SHIPPED_TO', 'SHIPPED_WITH', 'USES_DEVICE',
   'USES_IP', 'HAS_PHONE', 'HAS_IDENTITY', 'OWNED_BY', 'PAID_TO', 'MEMBER_OF'] AS followed
CALL (s, followed) {
  MATCH (s)-[r]-(x)
  WHERE type(r) IN followed
  WITH DISTINCT x
  WITH head(labels(x)) AS type, count(*) AS count
  ORDER BY count DESC, type
  RETURN collect({type: type, count: count}) AS counts
}
// With $types the wanted nodes may sit behind hubs of other kinds (an IP's thousands of orders
// before its accounts), so the traversal reads past the limit, but never more than 50,000 nodes:
// a hub at hop 2 or 3 could otherwise make one request walk millions. Reaching the cap counts as
// truncated, since wanted nodes beyond it were not looked for. Without $types every node is
// wanted and the traversal stops one past the limit, which is enough to tell truncation.
CALL (s, followed, most) {
  WITH s, followed, most, 50000 AS cap
  CALL apoc.path.expandConfig(s, {
    minLevel: 1, maxLevel: toInteger($hops), uniqueness: 'NODE_GLOBAL', bfs: true,
    relationshipFilter: apoc.text.join(followed, '|'),
    limit: CASE WHEN $types IS NULL THEN most + 1 ELSE cap + 1 END
  }) YIELD path
  WITH cap, count(path) AS visited,
    collect(CASE WHEN $types IS NULL OR head(labels(last(nodes(path)))) IN $types THEN path END)
      AS wanted
  RETURN wanted[..most] AS kept, size(wanted) > most OR visited > cap AS truncated
}
// Breadth-first paths are the tree paths of their nodes, so a node met on several kept paths
// has the same hop on each, and ordering by hop keeps the nearest first.
CALL (kept) {
  UNWIND range(0, size(kept) - 1) AS rank
  UNWIND range(1, length(kept[rank])) AS hop
  WITH nodes(kept[rank])[hop] AS node, hop, rank
  ORDER BY hop, rank
  RETURN collect(DISTINCT {node: node, hop: hop}) AS reached
}
CALL (kept) {
  UNWIND kept AS path
  UNWIND relationships(path) AS edge
  RETURN collect(DISTINCT edge) AS edges
}
RETURN true AS found, truncated, counts,
  [entry IN [{node: s, hop: 0}] + reached | {
    entityId: entry.node.id,
    type: head(labels(entry.node)), label: coalesce(entry.node.name, entry.node.id),
    risk: coalesce(entry.node.risk, entry.node.score), hop: entry.hop
  }] AS nodes,
  [edge IN edges | {
    id: elementId(edge),
    sourceType: head(labels(startNode(edge))), sourceId: startNode(edge).id,
    targetType: head(labels(endNode(edge))), targetId: endNode(edge).id,
    type: type(edge)
  }] AS edges
