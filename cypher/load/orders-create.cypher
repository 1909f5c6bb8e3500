// Creates orders that do not exist yet (the fast path of a first load) with their links.
// $rows: [{order_id, account_id, merchant_id, created_at, amount, payment_method, status,
//          device_id, ip, address_hash, tracking_no, bnpl_due_at, repayment_status}]
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
MATCH (m:Merchant {id: row.merchant_id})
CREATE (o:Order {
  id: row.order_id,
  created_at: datetime(row.created_at),
  amount: row.amount,
  payment_method: row.payment_method,
  status: row.status,
  bnpl_due_at: datetime(row.bnpl_due_at),
  repayment_status: row.repayment_status
})
SET o:Touched, a:Touched, m:Touched
CREATE (a)-[:PLACED]->(o)
CREATE (o)-[:AT]->(m)
WITH o, row
CALL (o, row) { MATCH (x:Device {id: row.device_id}) CREATE (o)-[:FROM_DEVICE]->(x) }
CALL (o, row) { MATCH (x:IP {id: row.ip}) CREATE (o)-[:FROM_IP]->(x) }
CALL (o, row) { MATCH (x:Address {id: row.address_hash}) CREATE (o)-[:SHIPPED_TO]->(x) }
CALL (o, row) { MATCH (x:Tracking {id: row.tracking_no}) CREATE (o)-[:SHIPPED_WITH]->(x) }
