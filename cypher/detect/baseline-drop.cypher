// Drops the baseline's in-memory graph (no error when it does not exist).
// $graph: GDS graph name
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName
