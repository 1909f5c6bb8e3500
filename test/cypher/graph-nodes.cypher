// Test-only: every node with its labels and properties, for comparing two graphs exactly
// (without :Touched, the marker of what the next detection must re-score).
MATCH (n)
RETURN [label IN labels(n) WHERE label <> 'Touched'] AS labels, properties(n) AS properties
