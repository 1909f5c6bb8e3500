// Test-only: empties the test database in batches (Community cannot create a fresh database).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS
