// How many accounts the database holds (0 means: load the demo marketplace).
MATCH (a:Account)
RETURN count(a) AS accounts
