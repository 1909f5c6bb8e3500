// Test-only: which of the given ids name a node in the graph.
// $ids: [string]
UNWIND $ids AS id
OPTIONAL MATCH (n {id: id})
WITH id, count(n) AS found
RETURN collect(CASE WHEN found > 0 THEN id END) AS found
