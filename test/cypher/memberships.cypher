// Test-only: every stored ring membership with the ring's members, so the stored results of two
// runs compare without their ring ids.
MATCH (n)-[m:MEMBER_OF]->(r:Ring)
RETURN n.id AS member, m.role AS role, m.risk AS risk, m.reasons AS reasons,
  COLLECT { MATCH (x)-[:MEMBER_OF]->(r) RETURN x.id ORDER BY x.id } AS ring
