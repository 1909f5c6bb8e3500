// Benchmark only: merchants.csv through LOAD CSV, the same upsert as cypher/load/merchants.cypher.
// $url: file:/// URL of the file inside the server's import folder.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (m:Merchant {id: row.merchant_id})
  SET m.name = row.name,
      m.created_at = datetime(row.created_at),
      m.category = row.category,
      m.city = row.city
  WITH m, row
  CALL (m, row) {
    WITH m, row WHERE row.owner_id_hash IS NOT NULL
    MERGE (i:Identity {id: row.owner_id_hash})
    MERGE (m)-[:OWNED_BY]->(i)
  }
  CALL (m, row) {
    WITH m, row WHERE row.payout_account IS NOT NULL
    MERGE (b:BankAccount {id: row.payout_account})
    MERGE (m)-[:PAID_TO]->(b)
  }
} IN TRANSACTIONS OF 10000 ROWS
