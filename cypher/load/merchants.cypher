// Upserts merchants, the identity that owns each and the bank account it is paid to.
// $rows: [{merchant_id, name, created_at, category, city, owner_id_hash, payout_account}]
UNWIND $rows AS row
MERGE (m:Merchant {id: row.merchant_id})
SET m:Touched,
    m.name = row.name,
    m.created_at = datetime(row.created_at),
    m.category = row.category,
    m.city = row.city
WITH m, row
CALL (m, row) {
  MATCH (m)-[old:OWNED_BY]->(i:Identity)
  WHERE i.id <> coalesce(row.owner_id_hash, '')
  DELETE old
}
CALL (m, row) {
  WITH m, row WHERE row.owner_id_hash IS NOT NULL
  MERGE (i:Identity {id: row.owner_id_hash})
  MERGE (m)-[:OWNED_BY]->(i)
}
CALL (m, row) {
  MATCH (m)-[old:PAID_TO]->(b:BankAccount)
  WHERE b.id <> coalesce(row.payout_account, '')
  DELETE old
}
CALL (m, row) {
  WITH m, row WHERE row.payout_account IS NOT NULL
  MERGE (b:BankAccount {id: row.payout_account})
  MERGE (m)-[:PAID_TO]->(b)
}
