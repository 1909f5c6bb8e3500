// Updates orders that already exist: properties are overwritten and every link that changed
// is moved, so re-loading a changed row leaves the graph as if it had been loaded once. The
// kept BNPL volume of the shops involved is dropped: detection can advance a kept volume by the
// orders created since (advance-volumes.cypher), not by rewritten ones.
// $rows: same shape as orders-create.
UNWIND $rows AS row
MATCH (o:Order {id: row.order_id})
MATCH (a:Account {id: row.account_id})
MATCH (m:Merchant {id: row.merchant_id})
SET o:Touched, a:Touched, m:Touched,
    o.created_at = datetime(row.created_at),
    o.amount = row.amount,
    o.payment_method = row.payment_method,
    o.status = row.status,
    o.bnpl_due_at = datetime(row.bnpl_due_at),
    o.repayment_status = row.repayment_status
REMOVE m.bnpl_volume
WITH o, a, m, row
CALL (o, a) { MATCH (x:Account)-[r:PLACED]->(o) WHERE x <> a SET x:Touched DELETE r }
CALL (o, a) { MERGE (a)-[:PLACED]->(o) }
CALL (o, m) { MATCH (o)-[r:AT]->(x:Merchant) WHERE x <> m SET x:Touched REMOVE x.bnpl_volume DELETE r }
CALL (o, m) { MERGE (o)-[:AT]->(m) }
CALL (o, row) { MATCH (o)-[r:FROM_DEVICE]->(x) WHERE x.id <> coalesce(row.device_id, '') DELETE r }
CALL (o, row) { MATCH (x:Device {id: row.device_id}) MERGE (o)-[:FROM_DEVICE]->(x) }
CALL (o, row) { MATCH (o)-[r:FROM_IP]->(x) WHERE x.id <> coalesce(row.ip, '') DELETE r }
CALL (o, row) { MATCH (x:IP {id: row.ip}) MERGE (o)-[:FROM_IP]->(x) }
CALL (o, row) { MATCH (o)-[r:SHIPPED_TO]->(x) WHERE x.id <> coalesce(row.address_hash, '') DELETE r }
CALL (o, row) { MATCH (x:Address {id: row.address_hash}) MERGE (o)-[:SHIPPED_TO]->(x) }
CALL (o, row) { MATCH (o)-[r:SHIPPED_WITH]->(x) WHERE x.id <> coalesce(row.tracking_no, '') DELETE r }
CALL (o, row) { MATCH (x:Tracking {id: row.tracking_no}) MERGE (o)-[:SHIPPED_WITH]->(x) }
