// Buyers of the listed shops whose links in their shop's group may have changed: those sharing
// an identifier (SHARES: used by 2..MAX_IDENTIFIER_ACTORS actors) with an account that joined or
// left the shops' candidates, or using one of the identifiers whose rarity changed (all their
// users, from identifier-users: the change may have taken them out of that range); each with
// the listed shops where it is a candidate.
// $merchants: [merchant id], $accounts: [account id], $users: [account id]
CALL () {
  UNWIND $accounts AS id
  MATCH (:Account {id: id})-[:SHARES]->()<-[:SHARES]-(user:Account)
  RETURN user
  UNION
  UNWIND $users AS id
  MATCH (user:Account {id: id})
  RETURN user
}
WITH DISTINCT user
MATCH (user)-[:BNPL_AT]->(m:Merchant)
WHERE m.id IN $merchants
RETURN user.id AS account, collect(m.id) AS merchants
