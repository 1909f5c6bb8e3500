// Test-only: how many orders the database holds, read from the count store while a load runs.
MATCH (o:Order)
RETURN count(o) AS orders
