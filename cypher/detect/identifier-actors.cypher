// Stores on shared identifiers how many distinct actors (accounts and merchants) use them,
// through sessions, orders or ownership. Detection weighs a shared identifier by its rarity:
// a carrier NAT IP used by thousands says little, a device shared by three accounts says a lot.
// Counting stops at $maxActors + 1: detection ignores identifiers used by more actors, and loads
// only add links, so one already past it is not recounted (a NAT IP's thousands of orders).
// $touchedOnly false: every identifier. true: only identifiers linked to what the last load
// touched (a count changes only when a link was added), returning those whose count changed
// with the count before and after, so the merchants of their users can be re-scored.
// Identifiers with at most one relationship (most tracking numbers and addresses) have at most
// one actor, so only the others need the traversal.
// Each actor of an identifier used by 2..$maxActors actors gets (actor)-[:SHARES]->(identifier):
// scoring reads a buyer's shared identifiers from these few links instead of walking all its
// orders to identifiers that nobody else uses (98% of them). Auto-commit.
CALL () {
  WITH 1 AS one WHERE NOT $touchedOnly
  MATCH (x)
  WHERE x:Device OR x:IP OR x:Address OR x:Phone OR x:Identity OR x:BankAccount OR x:Tracking
  RETURN x
  UNION
  WITH 1 AS one WHERE $touchedOnly
  MATCH (:Touched)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
  RETURN x
}
CALL (x) {
  WITH x WHERE NOT ($touchedOnly AND coalesce(x.actors, 0) > $maxActors)
  WITH x, x.actors AS before, COUNT {
    (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-()
  } AS degree
  CALL (x, degree) {
    WITH degree WHERE degree <= 1
    RETURN [] AS users, degree AS actors
    UNION
    WITH x, degree WHERE degree > 1
    CALL (x) {
      CALL (x) {
        MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(actor)
        RETURN actor
        UNION
        MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(actor)
        RETURN actor
      }
      RETURN actor LIMIT toInteger($maxActors) + 1
    }
    WITH collect(actor) AS users
    RETURN users, size(users) AS actors
  }
  SET x.actors = actors
  WITH x, before, actors, CASE WHEN 2 <= actors <= $maxActors THEN users ELSE [] END AS sharers
  CALL (x, sharers) {
    MATCH (x)<-[link:SHARES]-(old)
    WHERE NOT old IN sharers
    DELETE link
  }
  CALL (x, sharers) {
    UNWIND sharers AS actor
    MERGE (actor)-[:SHARES]->(x)
  }
  RETURN before, actors
} IN TRANSACTIONS OF 10000 ROWS
WITH x, before, actors
WHERE $touchedOnly AND (before IS NULL OR before <> actors)
RETURN elementId(x) AS elementId, coalesce(before, 0) AS before, actors
