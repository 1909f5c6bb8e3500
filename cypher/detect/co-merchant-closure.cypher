// Merchants where the given accounts placed a BNPL order drawing at least $ratio of their credit
// limit: shops that may join the given shops in one scoring unit (see co-merchants.ts), so an
// incremental run must score them together.
// $accounts: [account id], $ratio: float
UNWIND $accounts AS id
MATCH (a:Account {id: id})-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m:Merchant)
WHERE a.bnpl_limit > 0 AND o.amount / a.bnpl_limit >= $ratio
RETURN collect(DISTINCT m.id) AS merchants
