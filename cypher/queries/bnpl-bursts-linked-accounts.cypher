// title: Bursts of BNPL orders from linked accounts at one merchant
// name: bnpl-bursts-linked-accounts
// description: Groups of at least $min_accounts accounts, linked to the burst's first buyer by
//   a shared device, IP, phone or identity, that placed BNPL orders at the same merchant within
//   $window_minutes minutes of each other. Identifiers used by more than $max_sharers actors
//   (carrier NAT, public Wi-Fi) do not count as links. At most $max_window_orders orders after a
//   burst's first order are looked at, which bounds the work at a busy merchant.
// returns: table
// tags: bnpl, synchrony, identity
// param: $window_minutes integer = 60 range 1..1440 - length of a burst in minutes
// param: $min_accounts integer = 3 range 2..1000 - linked accounts a burst needs
// param: $max_sharers integer = 60 range 2..10000 - skip identifiers used by more actors than this
// param: $days integer = 30 range 1..3650 - look at orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// param: $limit integer = 200 range 1..5000 - bursts to return
// param: $max_window_orders integer = 500 range 2..100000 - orders after a first order to look at
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (a:Account)-[:PLACED]->(o:Order)-[:AT]->(m:Merchant)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
  AND o.payment_method = 'bnpl'
// Only accounts linked to some other account can be in a burst: drop the rest early.
WITH a, collect({o: o, m: m}) AS placed
WHERE EXISTS {
  (a)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]->(x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(b:Account)
  WHERE b <> a
    AND COUNT { (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY]-() } <= $max_sharers
}
UNWIND placed AS p
WITH p.m AS m, p.o AS o, a
ORDER BY o.created_at
WITH m, collect({at: o.created_at, order: o.id, account: a}) AS events
WHERE size(events) >= $min_accounts
// Time first (cheap, in memory), links only for orders that fall in a first order's window.
// Events are in time order, so the window is a prefix of the slice after i: the slice is capped
// rather than scanned to the end of the merchant's list (quadratic at a busy shop).
UNWIND range(0, size(events) - 1) AS i
WITH m, events[i] AS first,
  [e IN events[i + 1..i + 1 + $max_window_orders] WHERE e.at <= events[i].at + duration({minutes: $window_minutes})
    AND e.account <> events[i].account] AS later
WHERE size(later) + 1 >= $min_accounts
WITH m, first, first.account AS a1, later
UNWIND later AS e
WITH m, first, a1, e, e.account AS a2
WHERE EXISTS {
  (a1)-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]->(x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY]-(a2)
  WHERE COUNT { (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY]-() } <= $max_sharers
}
WITH m, first, a1, collect(DISTINCT a2.id) AS others, collect(e.order) AS other_orders
WHERE size(others) + 1 >= $min_accounts
WITH m, first, [a1.id] + others AS accounts, [first.order] + other_orders AS orders
ORDER BY size(accounts) DESC, first.at
// Overlapping bursts at one shop repeat the same buyers: keep the largest per shop and day.
WITH m, date(first.at) AS day,
  collect({start: first.at, accounts: accounts, orders: orders})[0] AS burst
RETURN m.id AS merchant_id, m.name AS merchant_name, burst.start AS burst_start,
  size(burst.accounts) AS account_count, burst.accounts AS accounts, burst.orders AS orders
ORDER BY account_count DESC, burst_start DESC, merchant_id
LIMIT $limit
