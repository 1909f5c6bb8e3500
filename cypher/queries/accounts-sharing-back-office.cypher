// title: Accounts that share a device or IP with a merchant's back office
// name: accounts-sharing-back-office
// description: Buyer accounts that log in from a device or IP the merchant's own back office
//   uses, with how many BNPL orders each placed at that shop. Identifiers shared by more than
//   $max_sharers accounts and merchants (carrier NAT, public Wi-Fi) are left out.
// returns: table
// tags: identity, merchants, devices
// param: $merchant_id string = null - one merchant's id; null checks every merchant
// param: $max_sharers integer = 60 range 2..10000 - skip identifiers used by more actors than this
// param: $limit integer = 200 range 1..5000 - rows to return
MATCH (m:Merchant)
WHERE $merchant_id IS NULL OR m.id = $merchant_id
MATCH (m)-[:USES_DEVICE|USES_IP]->(x)<-[:USES_DEVICE|USES_IP]-(a:Account)
WHERE COUNT { (x)<-[:USES_DEVICE|USES_IP]-() } <= $max_sharers
WITH m, a,
  collect(DISTINCT CASE WHEN x:Device THEN x.id END) AS shared_devices,
  collect(DISTINCT CASE WHEN x:IP THEN x.id END) AS shared_ips
RETURN m.id AS merchant_id, m.name AS merchant_name, a.id AS account_id, shared_devices,
  shared_ips, COUNT { (a)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m) } AS bnpl_orders_here
ORDER BY size(shared_devices) + size(shared_ips) DESC, bnpl_orders_here DESC, merchant_id,
  account_id
LIMIT $limit
