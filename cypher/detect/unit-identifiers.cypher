// The identifiers shared inside each listed unit (its shops' back offices and owners count as
// one user, each BNPL buyer of its shops as one): SHARES links (identifiers used by
// 2..MAX_IDENTIFIER_ACTORS actors, see identifier-actors.cypher) of identifiers with at least two
// users in the unit, one row per user. An identifier only one user of the unit has links no one
// there, so it is not returned.
// $units: [[merchant id]]
UNWIND range(0, size($units) - 1) AS unit
CALL (unit) {
  UNWIND $units[unit] AS id
  MATCH (:Merchant {id: id})<-[:BNPL_AT]-(a:Account)
  WITH DISTINCT a
  MATCH (a)-[:SHARES]->(x)
  RETURN x, a.id AS actor, false AS shop
  UNION ALL
  UNWIND $units[unit] AS id
  MATCH (m:Merchant {id: id})-[:SHARES]->(x)
  RETURN x, m.id AS actor, true AS shop
}
WITH unit, x, collect(actor) AS users, collect(CASE WHEN shop THEN actor END) AS shops
WHERE size(users) - size(shops) + CASE WHEN size(shops) > 0 THEN 1 ELSE 0 END >= 2
UNWIND users AS actor
RETURN unit, actor, labels(x)[0] AS kind, x.id AS identifier, x.actors AS actors
