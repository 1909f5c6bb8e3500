// The shared identifiers of the listed merchants' back offices and owners (login devices and
// IPs, the owner's identity, the payout bank account), as linked by identifier-actors.cypher.
// $merchants: [merchant id]
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})-[:SHARES]->(x)
RETURN m.id AS actor, labels(x)[0] AS kind, x.id AS identifier, x.actors AS actors
