// Test-only: the merchants that keep a BNPL volume (bnpl_volume).
MATCH (m:Merchant)
WHERE m.bnpl_volume IS NOT NULL
RETURN m.id AS merchant
ORDER BY merchant
