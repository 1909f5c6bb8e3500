// Benchmark only: empties the database in batches between runs (Community has one user database).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
