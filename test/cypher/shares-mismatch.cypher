// Test-only: how the stored SHARES links differ from what they must be, computed from scratch:
// each actor (account or merchant) of an identifier used by 2..$maxActors actors, through
// sessions, ownership or its orders. Returns the missing and the extra links ('actor identifier').
CALL () {
  MATCH (x)
  WHERE x:Device OR x:IP OR x:Address OR x:Phone OR x:Identity OR x:BankAccount OR x:Tracking
  CALL (x) {
    MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(actor)
    RETURN actor
    UNION
    MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(actor)
    RETURN actor
  }
  WITH x, collect(actor) AS actors
  WHERE 2 <= size(actors) <= $maxActors
  UNWIND actors AS actor
  RETURN collect(actor.id + ' ' + x.id) AS expected
}
CALL () {
  MATCH (actor)-[:SHARES]->(x)
  RETURN collect(actor.id + ' ' + x.id) AS stored
}
RETURN [link IN expected WHERE NOT link IN stored] AS missing,
  [link IN stored WHERE NOT link IN expected] AS extra, size(stored) AS links
