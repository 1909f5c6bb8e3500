// title: Identities shared by a merchant owner and buyers
// name: identities-shared-owner-buyers
// description: Accounts registered with the identity (id hash) of a merchant's owner, and
//   accounts sharing a phone with those, with what each bought at the owner's shop. An owner
//   buying on BNPL from his own shop, helped by relatives, is a merchant-insider ring.
// returns: table
// tags: identity, merchants, insider
// param: $own_shop_only boolean = false - only accounts that ordered at the owner's shop
// param: $limit integer = 500 range 1..5000 - rows to return
MATCH (m:Merchant)-[:OWNED_BY]->(i:Identity)<-[:HAS_IDENTITY]-(owner:Account)
CALL (owner) {
  RETURN owner AS a, 'identity' AS link
  UNION
  MATCH (owner)-[:HAS_PHONE]->(:Phone)<-[:HAS_PHONE]-(relative:Account)
  WHERE relative <> owner
  RETURN relative AS a, 'phone of the owner account' AS link
}
WITH m, i, a, link,
  COUNT { (a)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m) } AS bnpl_orders_here,
  COUNT { (a)-[:PLACED]->(:Order)-[:AT]->(m) } AS orders_here
WHERE NOT $own_shop_only OR orders_here > 0
RETURN m.id AS merchant_id, m.name AS merchant_name, i.id AS identity, a.id AS account_id, link,
  orders_here, bnpl_orders_here
ORDER BY bnpl_orders_here DESC, orders_here DESC, merchant_id, account_id
LIMIT $limit
