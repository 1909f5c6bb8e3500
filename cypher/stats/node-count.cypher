// How many nodes the database holds, from the count store (0 means: empty, bulk import allowed).
MATCH (n)
RETURN count(n) AS nodes
