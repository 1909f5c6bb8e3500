// title: Alert on a merchant receiving BNPL orders from accounts sharing a device
// name: alert-shared-device-bnpl-burst
// description: Early warning: a merchant received BNPL orders from at least $min_accounts
//   accounts that log in from one shared device, all within $window_minutes minutes. Devices
//   used by more than $max_sharers actors do not count. At most $max_window_orders orders from a
//   burst's first order are looked at, which bounds the work at a busy merchant.
//   One alert per merchant, device and burst day: a later burst from another device or on
//   another day raises a new one.
// returns: table
// tags: alert, bnpl, devices, synchrony
// param: $window_minutes integer = 60 range 1..1440 - length of the burst in minutes
// param: $min_accounts integer = 3 range 2..1000 - accounts sharing the device
// param: $max_sharers integer = 60 range 2..10000 - skip devices used by more actors than this
// param: $days integer = 30 range 1..365 - look at orders of the last days before $as_of
// param: $as_of datetime = null - end of the window; null means the newest order's time
// param: $max_window_orders integer = 500 range 2..100000 - orders from a first order to look at
// schedule: 15m
// subject: Merchant merchant_id
// evidence: device_id, accounts, orders
// key: device_id, burst_day
// summary: Merchant {merchant_id} took {order_count} BNPL orders from {account_count} accounts
//   sharing device {device_id} within {window_minutes} minutes from {burst_start}
CALL () {
  MATCH (o:Order) WHERE o.created_at IS NOT NULL
  RETURN o.created_at AS newest ORDER BY o.created_at DESC LIMIT 1
}
WITH coalesce(datetime($as_of), newest) AS as_of
MATCH (d:Device)<-[:USES_DEVICE]-(a:Account)-[:PLACED]->(o:Order)-[:AT]->(m:Merchant)
WHERE o.created_at > as_of - duration({days: $days}) AND o.created_at <= as_of
  AND o.payment_method = 'bnpl'
  AND COUNT { (d)<-[:USES_DEVICE]-() } <= $max_sharers
WITH m, d, o, a
ORDER BY o.created_at
WITH m, d, collect({at: o.created_at, account: a.id, order: o.id}) AS events
WHERE size(events) >= $min_accounts
// Events are in time order, so a window is a prefix of the slice from its first event: the
// slice is capped rather than the whole list scanned per event (quadratic at a busy shop).
UNWIND range(0, size(events) - 1) AS i
WITH m, d, events[i] AS start, events[i..i + $max_window_orders] AS after
WITH m, d, start,
  [e IN after WHERE e.at <= start.at + duration({minutes: $window_minutes})] AS burst
WITH m, d, start, burst,
  reduce(seen = [], e IN burst | CASE WHEN e.account IN seen THEN seen ELSE seen + e.account END) AS accounts
WHERE size(accounts) >= $min_accounts
WITH m, d, start, accounts, [e IN burst | e.order] AS orders
ORDER BY size(accounts) DESC, start.at
WITH m, collect({device: d.id, at: start.at, accounts: accounts, orders: orders})[0] AS best
RETURN m.id AS merchant_id, m.name AS merchant_name, best.device AS device_id,
  best.at AS burst_start, toString(date(best.at)) AS burst_day, size(best.accounts) AS account_count, best.accounts AS accounts,
  best.orders AS orders, size(best.orders) AS order_count, $window_minutes AS window_minutes
ORDER BY account_count DESC, merchant_id
