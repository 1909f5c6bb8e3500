// Widens a set of merchants to every merchant of an active ring that involves one of them or
// one of the given accounts, so rings spanning two shops are re-scored as a whole.
// $merchants: [merchant id], $accounts: [account id]
MATCH (r:Ring {active: true})<-[:MEMBER_OF]-(n)
WHERE (n:Merchant AND n.id IN $merchants) OR (n:Account AND n.id IN $accounts)
WITH DISTINCT r
MATCH (r)<-[:MEMBER_OF]-(m:Merchant)
RETURN collect(DISTINCT m.id) AS merchants
