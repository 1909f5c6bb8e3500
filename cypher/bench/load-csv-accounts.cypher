// Benchmark only: accounts.csv through LOAD CSV, the same upsert as cypher/load/accounts.cypher.
// $url: file:/// URL of the file inside the server's import folder.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (a:Account {id: row.account_id})
  SET a.created_at = datetime(row.created_at),
      a.bnpl_limit = toFloat(row.bnpl_limit),
      a.kyc_level = row.kyc_level,
      a.city = row.city
  WITH a, row
  CALL (a, row) {
    WITH a, row WHERE row.phone IS NOT NULL
    MERGE (p:Phone {id: row.phone})
    MERGE (a)-[:HAS_PHONE]->(p)
  }
  CALL (a, row) {
    WITH a, row WHERE row.id_hash IS NOT NULL
    MERGE (i:Identity {id: row.id_hash})
    MERGE (a)-[:HAS_IDENTITY]->(i)
  }
} IN TRANSACTIONS OF 10000 ROWS
