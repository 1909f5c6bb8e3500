// Test-only: the stored risk of every account and merchant that has one, with its reasons.
MATCH (n)
WHERE (n:Account OR n:Merchant) AND n.risk IS NOT NULL
RETURN n.id AS id, n.risk AS risk, n.risk_reasons AS reasons
