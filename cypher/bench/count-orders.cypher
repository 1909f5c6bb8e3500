// Benchmark only: orders in the database after a run.
MATCH (o:Order)
RETURN count(o) AS orders
