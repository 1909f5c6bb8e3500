// Clears per-account and per-merchant risk before a run writes the new values.
// $accounts / $merchants: ids to clear; null clears every scored node.
CALL () {
  MATCH (a:Account) WHERE a.risk IS NOT NULL AND ($accounts IS NULL OR a.id IN $accounts)
  REMOVE a.risk, a.risk_reasons
}
CALL () {
  MATCH (m:Merchant) WHERE m.risk IS NOT NULL AND ($merchants IS NULL OR m.id IN $merchants)
  REMOVE m.risk, m.risk_reasons
}
