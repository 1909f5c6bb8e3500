// Active rings for export and evaluation, highest score first, with members and reasons.
// $flaggedOnly: boolean
MATCH (r:Ring {active: true})
WHERE NOT $flaggedOnly OR r.flagged
CALL (r) {
  OPTIONAL MATCH (a:Account)-[ma:MEMBER_OF]->(r)
  WITH a, ma ORDER BY ma.risk DESC, a.id
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE {id: a.id, role: ma.role, risk: ma.risk} END) AS accounts
}
CALL (r) {
  OPTIONAL MATCH (m:Merchant)-[mm:MEMBER_OF]->(r)
  WITH m, mm ORDER BY m.id
  RETURN collect(CASE WHEN m IS NULL THEN null ELSE {id: m.id, role: mm.role, risk: mm.risk} END) AS merchants
}
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_REASON]->(reason:Reason)
  WITH reason ORDER BY reason.rank
  RETURN collect(CASE WHEN reason IS NULL THEN null ELSE {kind: reason.kind, text: reason.text, weight: reason.weight, evidence: reason.evidence} END) AS reasons
}
RETURN r.id AS id, r.score AS score, r.flagged AS flagged, r.status AS status, r.size AS size,
  r.exposure AS exposure, r.first_order_at AS firstOrderAt, r.last_order_at AS lastOrderAt,
  accounts, merchants, reasons
ORDER BY r.score DESC, r.id
