// Members of a ring with role, risk and reasons (JSON text): highest risk first.
// $id: string
MATCH (n)-[m:MEMBER_OF]->(:Ring {id: $id})
RETURN n.id AS id, CASE WHEN n:Account THEN 'Account' ELSE 'Merchant' END AS type,
  m.role AS role, m.risk AS risk, m.reasons AS reasons
ORDER BY risk DESC, type, id
