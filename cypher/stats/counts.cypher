// Node counts per label and relationship counts per type, from Neo4j's count store. Leaves out
// :Touched, the loads' mark of what the next detection must re-score: bookkeeping, not a kind of
// node, set by online loads (not the bulk import) and cleared by detection, so counting it made
// the same data show different stats.
CALL apoc.meta.stats() YIELD labels, relTypesCount
RETURN apoc.map.removeKey(labels, 'Touched') AS labels, relTypesCount
