// Stores on shared identifiers how many distinct actors (accounts and merchants) use them,
// through sessions, orders or ownership. Detection weighs a shared identifier by its rarity:
// a carrier NAT IP used by thousands says little, a device shared by three accounts says a lot.
// Counting stops at $maxActors + 1: detection ignores identifiers used by more actors, and loads
// only add links, so one already past it is not recounted (a NAT IP's thousands of orders).
// $touchedOnly false: every identifier. true: only identifiers linked to what the last load
// touched (a count changes only when a link was added), returning those whose count changed
// with the count before and after, so the merchants of their users can be re-scored; a touched
// identifier that had 2..$maxActors users adds the touched ones to its SHARES users instead of
// walking all its orders again.
// Each actor of an identifier used by 2..$maxActors actors gets (actor)-[:SHARES]->(identifier):
// scoring reads a buyer's shared identifiers from these few links instead of walking all its
// orders to identifiers that nobody else uses (98% of them). Auto-commit.
CALL () {
  WITH 1 AS one WHERE NOT $touchedOnly
  MATCH (x)
  WHERE x:Device OR x:IP OR x:Address OR x:Phone OR x:Identity OR x:BankAccount OR x:Tracking
  RETURN x, [] AS added
  UNION
  WITH 1 AS one WHERE $touchedOnly
  MATCH (touched:Touched)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
  OPTIONAL MATCH (touched:Order)<-[:PLACED]-(placer)
  RETURN x, collect(DISTINCT coalesce(placer, touched)) AS added
}
CALL (x, added) {
  WITH x, added WHERE NOT ($touchedOnly AND coalesce(x.actors, 0) > $maxActors)
  WITH x, added, x.actors AS before
  CALL (x, added, before) {
    // Its users were linked last run and a load only adds links: old users plus the new ones.
    WITH x, added WHERE $touchedOnly AND before >= 2
    WITH x, added, COLLECT { MATCH (x)<-[:SHARES]-(actor) RETURN actor } AS sharing
    WITH (sharing + [actor IN added WHERE NOT actor IN sharing])[..toInteger($maxActors) + 1] AS users
    RETURN users, size(users) AS actors
    UNION
    WITH x WHERE NOT ($touchedOnly AND before >= 2)
    // One link, one user (most tracking numbers and addresses): nobody to share it with. The
    // degree of all types is one read; SHARES links only exist beside two or more others.
    WITH x, COUNT { (x)<--() } AS degree
    WITH degree, CASE WHEN degree <= 1 THEN [] ELSE COLLECT {
      CALL (x) {
        MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(actor)
        RETURN actor
        UNION
        MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(actor)
        RETURN actor
      }
      RETURN actor LIMIT toInteger($maxActors) + 1
    } END AS users
    RETURN users, CASE WHEN degree <= 1 THEN degree ELSE size(users) END AS actors
  }
  WITH x, before, actors, CASE WHEN 2 <= actors <= $maxActors THEN users ELSE [] END AS sharers
  SET x.actors = actors
  WITH x, before, actors, sharers
  // Links change only where there are sharers now or were before (most identifiers have one
  // user, then and now), and a touched identifier whose count stayed has the same users.
  CALL (x, sharers, before, actors) {
    WITH x, sharers
    WHERE (size(sharers) > 0 OR coalesce(before, 0) >= 2) AND NOT ($touchedOnly AND before = actors)
    CALL (x, sharers) {
      MATCH (x)<-[link:SHARES]-(old)
      WHERE NOT old IN sharers
      DELETE link
    }
    CALL (x, sharers) {
      UNWIND sharers AS actor
      MERGE (actor)-[:SHARES]->(x)
    }
  }
  RETURN before, actors
} IN TRANSACTIONS OF 10000 ROWS
WITH x, before, actors
WHERE $touchedOnly AND (before IS NULL OR before <> actors)
RETURN elementId(x) AS elementId, coalesce(before, 0) AS before, actors
