// Test-only: every relationship as (start key, type, end key, properties).
MATCH (a)-[r]->(b)
RETURN labels(a)[0] + ':' + a.id AS start, type(r) AS type, labels(b)[0] + ':' + b.id AS end,
  properties(r) AS properties
