// Upserts accounts and their phone / identity links; a changed row replaces the old links.
// Every upserted entity is labelled :Touched so the next `ringscope detect` re-scores only what
// changed (detection removes the label).
// $rows: [{account_id, created_at, phone, id_hash, bnpl_limit, kyc_level, city}]
UNWIND $rows AS row
MERGE (a:Account {id: row.account_id})
SET a:Touched,
    a.created_at = datetime(row.created_at),
    a.bnpl_limit = row.bnpl_limit,
    a.kyc_level = row.kyc_level,
    a.city = row.city
WITH a, row
CALL (a, row) {
  MATCH (a)-[old:HAS_PHONE]->(p:Phone)
  WHERE p.id <> coalesce(row.phone, '')
  DELETE old
}
CALL (a, row) {
  WITH a, row WHERE row.phone IS NOT NULL
  MERGE (p:Phone {id: row.phone})
  MERGE (a)-[:HAS_PHONE]->(p)
}
CALL (a, row) {
  MATCH (a)-[old:HAS_IDENTITY]->(i:Identity)
  WHERE i.id <> coalesce(row.id_hash, '')
  DELETE old
}
CALL (a, row) {
  WITH a, row WHERE row.id_hash IS NOT NULL
  MERGE (i:Identity {id: row.id_hash})
  MERGE (a)-[:HAS_IDENTITY]->(i)
}
