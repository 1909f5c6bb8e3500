// Benchmark only: orders.csv through LOAD CSV, the same upsert as the loader's order writes
// (MERGE on keys, links to existing accounts and merchants, identifier nodes merged).
// $url: file:/// URL of the file inside the server's import folder.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Account {id: row.account_id})
  MATCH (m:Merchant {id: row.merchant_id})
  MERGE (o:Order {id: row.order_id})
  SET o.created_at = datetime(row.created_at),
      o.amount = toFloat(row.amount),
      o.payment_method = row.payment_method,
      o.status = row.status,
      o.bnpl_due_at = datetime(row.bnpl_due_at),
      o.repayment_status = row.repayment_status
  MERGE (a)-[:PLACED]->(o)
  MERGE (o)-[:AT]->(m)
  WITH o, row
  CALL (o, row) {
    WITH o, row WHERE row.device_id IS NOT NULL
    MERGE (x:Device {id: row.device_id})
    MERGE (o)-[:FROM_DEVICE]->(x)
  }
  CALL (o, row) {
    WITH o, row WHERE row.ip IS NOT NULL
    MERGE (x:IP {id: row.ip})
    MERGE (o)-[:FROM_IP]->(x)
  }
  CALL (o, row) {
    WITH o, row WHERE row.address_hash IS NOT NULL
    MERGE (x:Address {id: row.address_hash})
    MERGE (o)-[:SHIPPED_TO]->(x)
  }
  CALL (o, row) {
    WITH o, row WHERE row.tracking_no IS NOT NULL
    MERGE (x:Tracking {id: row.tracking_no})
    MERGE (o)-[:SHIPPED_WITH]->(x)
  }
} IN TRANSACTIONS OF 10000 ROWS
