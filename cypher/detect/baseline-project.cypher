// Textbook baseline: an in-memory GDS graph of actors (accounts, merchants) and the shared
// identifiers they use, identifiers used by more than $cap actors dropped (the usual degree cap).
// $graph: GDS graph name, $cap: int
CALL () {
  MATCH (actor)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]->(x)
  WHERE x.actors >= 2 AND x.actors <= $cap
  RETURN actor, x
  UNION
  MATCH (actor:Account)-[:PLACED]->(:Order)-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
  WHERE x.actors >= 2 AND x.actors <= $cap
  RETURN actor, x
}
WITH gds.graph.project($graph, actor, x, {}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
