// title: Addresses receiving orders from many unrelated accounts
// name: addresses-many-unrelated-accounts
// description: Shipping addresses that orders of at least $min_accounts accounts go to, where
//   the accounts share no device, phone or identity with each other (a household shares a
//   device; strangers sharing a drop address do not).
// returns: table
// tags: logistics, addresses, drop-address
// param: $min_accounts integer = 5 range 2..10000 - unrelated accounts an address needs
// param: $limit integer = 200 range 1..5000 - addresses to return
MATCH (ad:Address)
WHERE COUNT { (ad)<-[:SHIPPED_TO]-() } >= $min_accounts
MATCH (a:Account)-[:PLACED]->(o:Order)-[:SHIPPED_TO]->(ad)
WITH ad, collect(DISTINCT a) AS accounts, count(o) AS orders,
  count(CASE WHEN o.payment_method = 'bnpl' THEN 1 END) AS bnpl_orders
WHERE size(accounts) >= $min_accounts
WITH ad, accounts, orders, bnpl_orders,
  [a IN accounts WHERE NOT EXISTS {
    (a)-[:USES_DEVICE|HAS_PHONE|HAS_IDENTITY]->()<-[:USES_DEVICE|HAS_PHONE|HAS_IDENTITY]-(b:Account)
    WHERE b IN accounts AND b <> a
  } | a.id] AS unrelated
WHERE size(unrelated) >= $min_accounts
RETURN ad.id AS address, size(accounts) AS account_count, size(unrelated) AS unrelated_count,
  orders, bnpl_orders, unrelated AS unrelated_accounts
ORDER BY unrelated_count DESC, orders DESC, address
LIMIT $limit
