// Node counts per label and relationship counts per type, from Neo4j's count store.
CALL apoc.meta.stats() YIELD labels, relTypesCount
RETURN labels, relTypesCount
