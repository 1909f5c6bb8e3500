// Stores on every shared identifier how many distinct actors (accounts and merchants) use it,
// through sessions, orders or ownership. Detection weighs a shared identifier by its rarity:
// a carrier NAT IP used by thousands says little, a device shared by three accounts says a lot.
// Identifiers with at most one relationship (most tracking numbers and addresses) have at most
// one actor, so only the others need the traversal. Auto-commit; no parameters.
MATCH (x)
WHERE x:Device OR x:IP OR x:Address OR x:Phone OR x:Identity OR x:BankAccount OR x:Tracking
CALL (x) {
  WITH x, COUNT { (x)--() } AS degree
  WITH x, degree,
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
} IN TRANSACTIONS OF 10000 ROWS
