// Each listed merchant's BNPL volume and buyers, the denominator of "how much of this shop's
// BNPL business comes from one small linked group".
// $merchants: [merchant id]
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})
OPTIONAL MATCH (buyer:Account)-[:PLACED]->(o:Order {payment_method: 'bnpl'})-[:AT]->(m)
RETURN m.id AS merchant, m.name AS name, count(o) AS orders, coalesce(sum(o.amount), 0.0) AS amount,
  count(DISTINCT buyer) AS buyers
