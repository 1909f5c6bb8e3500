// title: Tracking numbers used by more than one order
// name: tracking-numbers-reused
// description: Tracking numbers that several orders ship with. Honest parcels carry their own
//   number; a number recycled across orders (and accounts) means nothing real was shipped.
// returns: table
// tags: logistics, tracking
// param: $min_orders integer = 2 range 2..1000 - orders that must share the number
// param: $min_accounts integer = 1 range 1..1000 - distinct buyer accounts among those orders
// param: $limit integer = 200 range 1..5000 - tracking numbers to return
MATCH (t:Tracking)
WHERE COUNT { (t)<-[:SHIPPED_WITH]-() } >= $min_orders
MATCH (a:Account)-[:PLACED]->(o:Order)-[:SHIPPED_WITH]->(t)
MATCH (o)-[:AT]->(m:Merchant)
WITH t, collect(DISTINCT a.id) AS accounts, collect(DISTINCT m.id) AS merchants,
  collect(o.id) AS orders, sum(o.amount) AS amount
WHERE size(accounts) >= $min_accounts
RETURN t.id AS tracking, size(orders) AS order_count, size(accounts) AS account_count,
  accounts, merchants, orders, round(amount, 2) AS amount
ORDER BY account_count DESC, order_count DESC, tracking
LIMIT $limit
