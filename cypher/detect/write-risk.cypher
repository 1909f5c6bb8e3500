// Per-account and per-merchant risk in [0, 1] with the reasons behind it (a JSON list of
// {kind, text, weight, evidence}, since Neo4j properties cannot hold maps).
// $accounts / $merchants: [{id, risk, reasons}]
CALL () {
  UNWIND $accounts AS row
  MATCH (a:Account {id: row.id})
  SET a.risk = row.risk, a.risk_reasons = row.reasons
}
CALL () {
  UNWIND $merchants AS row
  MATCH (m:Merchant {id: row.id})
  SET m.risk = row.risk, m.risk_reasons = row.reasons
}
