// Merchants whose ring scoring may change after a load: touched merchants, merchants where a
// touched account buys on BNPL, merchants where users of an identifier whose rarity changed
// buy on BNPL, and every merchant of an active ring that shares a member with those.
// $identifiers: [element id] of identifiers whose actor count changed; $maxActors: int
CALL () {
  MATCH (m:Merchant:Touched) RETURN m
  UNION
  MATCH (:Account:Touched)-[:PLACED]->(:Order {payment_method: 'bnpl'})-[:AT]->(m:Merchant) RETURN m
  UNION
  MATCH (x)
  WHERE elementId(x) IN $identifiers AND x.actors <= $maxActors
  CALL (x) {
    MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(a:Account)
    RETURN a
    UNION
    MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(a:Account)
    RETURN a
  }
  MATCH (a)-[:PLACED]->(:Order {payment_method: 'bnpl'})-[:AT]->(m:Merchant)
  RETURN m
}
RETURN collect(DISTINCT m.id) AS merchants
