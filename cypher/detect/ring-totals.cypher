// What the stored rings add up to after a run, for its summary: active rings, flagged ones,
// distinct accounts in flagged rings, their exposure, and the top flagged rings.
// $top: integer
MATCH (r:Ring {active: true})
WITH count(r) AS rings,
  sum(CASE WHEN r.flagged THEN 1 ELSE 0 END) AS flagged,
  sum(CASE WHEN r.flagged THEN r.exposure ELSE 0 END) AS exposure
CALL () {
  OPTIONAL MATCH (a:Account)-[:MEMBER_OF]->(r:Ring {active: true, flagged: true})
  RETURN count(DISTINCT a) AS flaggedAccounts
}
CALL () {
  OPTIONAL MATCH (r:Ring {active: true, flagged: true})
  WITH r ORDER BY r.score DESC, r.id LIMIT toInteger($top)
  CALL (r) {
    OPTIONAL MATCH (a:Account)-[:MEMBER_OF]->(r)
    RETURN count(a) AS accounts
  }
  CALL (r) {
    OPTIONAL MATCH (m:Merchant)-[:MEMBER_OF]->(r)
    WITH m ORDER BY m.id
    RETURN collect(m.id) AS merchants
  }
  CALL (r) {
    OPTIONAL MATCH (r)-[:HAS_REASON]->(reason:Reason {rank: 0})
    RETURN reason.text AS reason
  }
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE
    {id: r.id, score: r.score, accounts: accounts, merchants: merchants, reason: reason} END) AS top
}
RETURN rings, flagged, flaggedAccounts, exposure, top
