// The shared identifiers of the listed accounts (devices and IPs from sessions and orders,
// phones, identities, shipping addresses, tracking numbers), as linked by identifier-actors.cypher:
// only identifiers used by 2..MAX_IDENTIFIER_ACTORS actors. Identifiers used by more (carrier NAT,
// public Wi-Fi) are skipped: their weight in a group is negligible anyway (see detection weights).
// $accounts: [account id]
UNWIND $accounts AS id
MATCH (a:Account {id: id})-[:SHARES]->(x)
RETURN a.id AS actor, labels(x)[0] AS kind, x.id AS identifier, x.actors AS actors
