// Test-only: every node with its labels and properties, for comparing two graphs exactly.
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS properties
