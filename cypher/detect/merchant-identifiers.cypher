// The shared identifiers of the listed merchants' back offices and owners: login devices and
// IPs, the owner's identity, the payout bank account.
// $merchants: [merchant id], $maxActors: int
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})-[r:USES_DEVICE|USES_IP|OWNED_BY|PAID_TO]->(x)
WHERE x.actors >= 2 AND x.actors <= $maxActors
RETURN m.id AS actor, labels(x)[0] AS kind, x.id AS identifier, x.actors AS actors,
  collect(DISTINCT type(r)) AS via
