// Test-only: drops every stored ring and its reasons, so the next run writes all from scratch.
MATCH (n)
WHERE n:Ring OR n:Reason
DETACH DELETE n
