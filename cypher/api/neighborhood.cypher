// The neighbourhood of one entity for the graph view: breadth-first up to $hops hops over data
// relationships (no reasons, audit entries, alerts or detection's stored links), at most $limit
// nodes of the $types asked for (nearest first; truncated when more were reachable), the nodes
// and tree edges of the paths that reached them, and exact per-type counts of the start node's
// distinct direct neighbours over the same relationships (to spot hubs).
// The API makes element ids `Label:id`, so equal ids of different kinds cannot collide in Cytoscape.
// $id: string, $hops: 1..3, $limit: int, $types: [label] | null (the limit counts only these;
// nodes of other kinds between them and the start stay, so every returned node is connected;
// [] returns the start node alone), $counts: boolean (false skips the counts, returning []),
// $type: label | null (the kind $id names when ids of several kinds are equal)
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
WITH s WHERE $type IS NULL OR $type IN labels(s)
WITH s LIMIT 1
// The input graph's relationships as [start label, type, end label], the labels being those
// the loader (and detection, for MEMBER_OF) writes at each end: the one list the counts, the
// traversal and the one-hop typed match follow, so a link missing here would hide its nodes from
// all three alike. Detection's stored links (SHARES, BNPL_AT) repeat what these already connect,
// and ring reasons, audit entries and alerts are not neighbours.
WITH s, toInteger($limit) AS most, toInteger($hops) AS hops, [
  ['Account', 'PLACED', 'Order'], ['Order', 'AT', 'Merchant'],
  ['Order', 'FROM_DEVICE', 'Device'], ['Order', 'FROM_IP', 'IP'],
  ['Order', 'SHIPPED_TO', 'Address'], ['Order', 'SHIPPED_WITH', 'Tracking'],
  ['Account', 'USES_DEVICE', 'Device'], ['Merchant', 'USES_DEVICE', 'Device'],
  ['Account', 'USES_IP', 'IP'], ['Merchant', 'USES_IP', 'IP'],
  ['Account', 'HAS_PHONE', 'Phone'], ['Account', 'HAS_IDENTITY', 'Identity'],
  ['Merchant', 'OWNED_BY', 'Identity'], ['Merchant', 'PAID_TO', 'BankAccount'],
  ['Account', 'MEMBER_OF', 'Ring'], ['Merchant', 'MEMBER_OF', 'Ring']
] AS links
WITH s, most, hops, apoc.coll.toSet([link IN links | link[1]]) AS followed,
  // The relationships whose other end, seen from s, can be a node of an asked type.
  apoc.coll.toSet([link IN links
    WHERE (link[0] IN labels(s) AND link[2] IN $types)
      OR (link[2] IN labels(s) AND link[0] IN $types)
    | link[1]]) AS direct
// DISTINCT holds a set as large as the start's degree, but reading the relationships is the cost:
// on a shop with 100,000 orders it took 7 ms of the counts' 89 ms, so the counts stay exact.
CALL (s, followed) {
  WITH s, followed WHERE $counts
  MATCH (s)-[r]-(x)
  WHERE type(r) IN followed
  WITH DISTINCT x
  WITH head(labels(x)) AS type, count(*) AS count
  ORDER BY count DESC, type
  RETURN collect({type: type, count: count}) AS counts
}
// How the nodes are found, each way reading about as many as it returns where it can:
// - No $types: every node is wanted; breadth-first, stopping one past the limit (truncated).
// - $types at one hop: only over the relationships whose other end can be an asked kind, and
//   only nodes of those kinds (APOC skips a dense node's other relationship types unread), so a
//   shop's identifiers come without its 100,000 orders being read, and the orders can neither
//   crowd them out nor make them truncated. When no relationship can lead there, nothing is read.
// - $types at two or three hops: the asked kinds may sit behind hubs of other kinds (a shop's
//   orders before its buyers), so the traversal reads past the limit, up to the cap. Reaching
//   the cap sets truncated, since wanted nodes beyond it were not looked for.
// - $types = []: no kind is asked for and nothing is read; only the start node returns.
WITH s, most, hops, followed, direct, counts, 20000 AS cap,
  $types IS NOT NULL AND hops = 1 AS oneHop, $types IS NOT NULL AND hops > 1 AS capped
WITH s, most, counts, cap, capped,
  $types IS NULL OR (size($types) > 0 AND (capped OR size(direct) > 0)) AS search,
  {
    minLevel: 1, maxLevel: hops, uniqueness: 'NODE_GLOBAL', bfs: true,
    relationshipFilter: apoc.text.join(CASE WHEN oneHop THEN direct ELSE followed END, '|'),
    labelFilter: CASE WHEN oneHop THEN apoc.text.join($types, '|') END
  } AS expand
// The traversal is read lazily (LIMIT takes only a parameter, hence $limit again): it stops at
// the first wanted node past the limit, however far the cap. A capped search that finds fewer
// than that read it to its end, which was the cap (truncated) or all that was reachable; only
// then is it read again, to tell which. So the cap bounds a search to two reads of 20,000 nodes
// (fewer than the one read of 50,000 it was), and a document's 15 aliases (server/yoga.ts) to
// 600,000. Twenty times the largest limit, it looks past every shop's orders in the
// 20,000-account demo data but the busiest one's (37,663); a bigger hub shows in counts, and its
// identifiers still come at one hop.
CALL (s, search, capped, cap, expand) {
  WITH s, capped, cap, expand WHERE search
  CALL apoc.path.expandConfig(s, apoc.map.setKey(expand, 'limit',
    CASE WHEN capped THEN cap + 1 ELSE toInteger($limit) + 1 END)) YIELD path
  WITH path WHERE $types IS NULL OR head(labels(last(nodes(path)))) IN $types
  LIMIT toInteger($limit) + 1
  RETURN collect(path) AS wanted
}
CALL (s, search, capped, cap, expand, most, wanted) {
  WITH s, cap, expand WHERE search AND capped AND size(wanted) <= most
  CALL apoc.path.expandConfig(s, apoc.map.setKey(expand, 'limit', cap + 1)) YIELD path
  RETURN count(path) AS read
}
WITH s, counts, wanted[..most] AS kept, size(wanted) > most OR read > cap AS truncated
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
