// One account by its input-file id, with its risk (highest member risk over active rings).
// $id: string
MATCH (a:Account {id: $id})
RETURN 'Account' AS kind, a.id AS id, a.created_at AS createdAt, a.bnpl_limit AS bnplLimit,
  a.kyc_level AS kycLevel, a.city AS city, a.risk AS risk, a.risk_reasons AS riskReasons
