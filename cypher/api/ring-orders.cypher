// One page of a ring's BNPL orders: placed by member accounts at member merchants, oldest first.
// $id: string, $offset: int, $limit: int
MATCH (r:Ring {id: $id})<-[:MEMBER_OF]-(m:Merchant)
MATCH (m)<-[:AT]-(o:Order)<-[:PLACED]-(a:Account)-[:MEMBER_OF]->(r)
WHERE o.payment_method = 'bnpl'
RETURN o.id AS id, a.id AS account, m.id AS merchant, o.created_at AS createdAt,
  o.amount AS amount, o.payment_method AS paymentMethod, o.status AS status,
  o.repayment_status AS repaymentStatus
ORDER BY o.created_at, o.id
SKIP toInteger($offset)
LIMIT toInteger($limit)
