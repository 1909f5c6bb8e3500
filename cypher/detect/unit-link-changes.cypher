// Buyers of the listed shops whose links in their shop's group may have changed: those sharing
// an identifier (SHARES: used by 2..MAX_IDENTIFIER_ACTORS actors) with an account that joined or
// left the shops' candidates, or using one of the identifiers whose rarity changed (all their
// users: the change may have taken them out of that range); each with the listed shops where it
// is a candidate.
// $merchants: [merchant id], $accounts: [account id], $identifiers: [element id]
CALL () {
  UNWIND $accounts AS id
  MATCH (:Account {id: id})-[:SHARES]->()<-[:SHARES]-(user:Account)
  RETURN user
  UNION
  UNWIND $identifiers AS id
  MATCH (x) WHERE elementId(x) = id
  CALL (x) {
    MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(user:Account)
    RETURN user
    UNION
    MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(user:Account)
    RETURN user
  }
  RETURN user
}
WITH DISTINCT user
MATCH (user)-[:BNPL_AT]->(m:Merchant)
WHERE m.id IN $merchants
RETURN user.id AS account, collect(m.id) AS merchants
