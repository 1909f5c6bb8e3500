// Merchants whose scoring may change because the rarity of identifiers changed: merchants using
// one of them, and merchants where one of their account users has a BNPL pair feature.
// $identifiers: [element id]
UNWIND $identifiers AS id
MATCH (x) WHERE elementId(x) = id
CALL (x) {
  MATCH (x)<-[:USES_DEVICE|USES_IP|OWNED_BY|PAID_TO]-(m:Merchant)
  RETURN m
  UNION
  CALL (x) {
    MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(a:Account)
    RETURN a
    UNION
    MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(a:Account)
    RETURN a
  }
  MATCH (a)-[:BNPL_AT]->(m:Merchant)
  RETURN m
}
RETURN collect(DISTINCT m.id) AS merchants
