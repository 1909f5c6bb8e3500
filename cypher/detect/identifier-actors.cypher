// Stores on shared identifiers how many distinct actors (accounts and merchants) use them,
// through sessions, orders or ownership. Detection weighs a shared identifier by its rarity:
// a carrier NAT IP used by thousands says little, a device shared by three accounts says a lot.
// $touchedOnly false: every identifier. true: only identifiers linked to what the last load
// touched (a count changes only when a link was added), returning those whose count changed
// with the count before and after, so the merchants of their users can be re-scored.
// Identifiers with at most one relationship (most tracking numbers and addresses) have at most
// one actor, so only the others need the traversal. Auto-commit.
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
  WITH x, x.actors AS before, COUNT { (x)--() } AS degree
  WITH x, before,
    CASE WHEN degree <= 1 THEN degree ELSE COUNT {
      CALL (x) {
        MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(actor)
        RETURN actor
        UNION
        MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(actor)
        RETURN actor
      }
      RETURN actor
    } END AS actors
  SET x.actors = actors
  RETURN before, actors
} IN TRANSACTIONS OF 10000 ROWS
WITH x, before, actors
WHERE $touchedOnly AND (before IS NULL OR before <> actors)
RETURN elementId(x) AS elementId, coalesce(before, 0) AS before, actors
