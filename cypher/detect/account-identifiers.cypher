// The shared identifiers of the listed accounts (used by 2..$maxActors actors): devices and
// IPs from sessions and orders, phones, identities, shipping addresses, tracking numbers.
// Identifiers used by more actors than $maxActors (carrier NAT, public Wi-Fi) are skipped: their
// weight in a group is negligible anyway (see detection weights).
// $accounts: [account id], $maxActors: int
UNWIND $accounts AS id
MATCH (a:Account {id: id})
CALL (a) {
  MATCH (a)-[r:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]->(x)
  RETURN x, type(r) AS via
  UNION
  MATCH (a)-[:PLACED]->(:Order)-[r:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
  RETURN x, type(r) AS via
}
WITH a, x, collect(DISTINCT via) AS via
WHERE x.actors >= 2 AND x.actors <= $maxActors
RETURN a.id AS actor, labels(x)[0] AS kind, x.id AS identifier, x.actors AS actors, via
