// Incremental variant of identifier-actors: recounts the actors of identifiers linked to what
// the last load touched, and returns those whose count changed (their rarity weight moved, so
// the merchants of their users need re-scoring), by element id for the query that follows in
// the same run.
MATCH (t:Touched)
CALL (t) {
  MATCH (t)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
  RETURN x
}
WITH DISTINCT x
CALL (x) {
  CALL (x) {
    MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(actor)
    RETURN actor
    UNION
    MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(actor)
    RETURN actor
  }
  RETURN count(actor) AS actors
}
WITH x, actors, x.actors AS before
SET x.actors = actors
WITH x, before, actors
WHERE before IS NULL OR before <> actors
RETURN elementId(x) AS elementId
