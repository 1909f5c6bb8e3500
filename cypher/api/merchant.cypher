// One merchant by its input-file id, with its risk (highest member risk over active rings).
// $id: string
MATCH (m:Merchant {id: $id})
RETURN 'Merchant' AS kind, m.id AS id, m.name AS name, m.created_at AS createdAt,
  m.category AS category, m.city AS city, m.risk AS risk, m.risk_reasons AS riskReasons
