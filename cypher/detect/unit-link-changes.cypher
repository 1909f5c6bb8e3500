// Buyers of the listed shops whose links in their shop's group may have changed: those using an
// identifier (used by 2..$maxActors actors) of an account that joined or left the shops'
// candidates, or one of the identifiers whose rarity changed; each with the listed shops where
// it is a candidate.
// $merchants: [merchant id], $accounts: [account id], $identifiers: [element id], $maxActors: int
CALL () {
  UNWIND $accounts AS id
  MATCH (a:Account {id: id})
  CALL (a) {
    MATCH (a)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]->(x)
    RETURN x
    UNION
    MATCH (a)-[:PLACED]->(:Order)-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]->(x)
    RETURN x
  }
  WITH x WHERE x.actors >= 2 AND x.actors <= $maxActors
  RETURN x
  UNION
  UNWIND $identifiers AS id
  MATCH (x) WHERE elementId(x) = id
  RETURN x
}
CALL (x) {
  MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(user:Account)
  RETURN user
  UNION
  MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(user:Account)
  RETURN user
}
WITH DISTINCT user
MATCH (user)-[:BNPL_AT]->(m:Merchant)
WHERE m.id IN $merchants
RETURN user.id AS account, collect(m.id) AS merchants
