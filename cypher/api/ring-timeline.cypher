// A ring's BNPL orders bucketed per day (UTC) and repayment status: count and amount.
// $id: string
MATCH (r:Ring {id: $id})<-[:MEMBER_OF]-(m:Merchant)
MATCH (m)<-[:AT]-(o:Order)<-[:PLACED]-(:Account)-[:MEMBER_OF]->(r)
WHERE o.payment_method = 'bnpl'
WITH toString(date(datetime({epochSeconds: o.created_at.epochSeconds}))) AS day,
  o.repayment_status AS repaymentStatus, o
RETURN day, repaymentStatus, count(o) AS orders, sum(o.amount) AS amount
ORDER BY day, repaymentStatus
