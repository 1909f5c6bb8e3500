// Each listed account's BNPL spending across all merchants, the denominator of "how exclusive
// is this buyer's BNPL spending at one merchant".
// $accounts: [account id]
UNWIND $accounts AS id
MATCH (a:Account {id: id})
OPTIONAL MATCH (a)-[:PLACED]->(o:Order {payment_method: 'bnpl'})
RETURN a.id AS account, count(o) AS orders, coalesce(sum(o.amount), 0.0) AS amount,
  a.bnpl_limit AS bnplLimit
