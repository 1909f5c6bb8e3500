// title: Alert on a tracking number reused across accounts
// name: alert-tracking-reused-across-accounts
// description: Early warning: an order ships with a tracking number that an order of another
//   account already used. One alert per reusing order (the first order with the number is the
//   evidence, not the subject).
// returns: table
// tags: alert, logistics, tracking
// param: $days integer = 30 range 1..3650 - look at orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// rule: on-new-orders
// subject: Order order_id
// evidence: tracking, account_id, earlier_orders, earlier_accounts
// summary: Order {order_id} by {account_id} ships with tracking number {tracking}, already used
//   by {earlier_accounts} (orders {earlier_orders})
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (a:Account)-[:PLACED]->(o:Order)-[:SHIPPED_WITH]->(t:Tracking)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
MATCH (t)<-[:SHIPPED_WITH]-(earlier:Order)<-[:PLACED]-(other:Account)
WHERE other <> a
  AND (earlier.created_at < o.created_at OR (earlier.created_at = o.created_at AND earlier.id < o.id))
WITH o, a, t, collect(DISTINCT earlier.id) AS earlier_orders, collect(DISTINCT other.id) AS earlier_accounts
RETURN o.id AS order_id, a.id AS account_id, t.id AS tracking, earlier_orders, earlier_accounts
ORDER BY o.created_at DESC, order_id
