// The users of identifiers whose rarity changed, once for the two steps that need them: the
// accounts using one of them (sessions, phone, identity, orders), whose links in their shops'
// groups may have changed, and the merchants whose scoring may change: merchants using one of
// them (back office, owner, payout account) and the shops those accounts pay later at (BNPL_AT).
// $identifiers: [element id]
UNWIND $identifiers AS id
MATCH (x) WHERE elementId(x) = id
CALL (x) {
  MATCH (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(user)
  RETURN user
  UNION
  MATCH (x)<-[:FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH]-(:Order)<-[:PLACED]-(user)
  RETURN user
}
WITH collect(DISTINCT user) AS users
WITH [user IN users WHERE user:Account] AS accounts, [user IN users WHERE user:Merchant] AS merchants
RETURN [account IN accounts | account.id] AS accounts,
  COLLECT {
    UNWIND accounts AS account
    MATCH (account)-[:BNPL_AT]->(m:Merchant)
    RETURN m.id AS id
    UNION
    UNWIND merchants AS m
    RETURN m.id AS id
  } AS merchants
