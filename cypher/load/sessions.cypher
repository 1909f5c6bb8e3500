// Folds login sessions into USES_DEVICE / USES_IP links with first/last seen and a session
// count. Each link keeps the distinct session times it has seen, so loading a session twice
// (a re-run, an overlapping export) never counts it twice; the list is kept sorted so the result
// does not depend on which batch committed first.
// $rows: [{actor_type, actor_id, device_id, ip, at}]
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (a:Account {id: row.actor_id}) WHERE row.actor_type = 'account'
  OPTIONAL MATCH (m:Merchant {id: row.actor_id}) WHERE row.actor_type = 'merchant'
  RETURN coalesce(a, m) AS actor
}
WITH row, actor, datetime(row.at) AS at
WHERE actor IS NOT NULL
SET actor:Touched
MERGE (d:Device {id: row.device_id})
MERGE (actor)-[rd:USES_DEVICE]->(d)
WITH row, actor, at, rd
CALL (rd, at) {
  WITH rd, at WHERE NOT at IN coalesce(rd.sessions_at, [])
  WITH rd, at, COLLECT { UNWIND coalesce(rd.sessions_at, []) + at AS t RETURN t ORDER BY t } AS seen
  SET rd.sessions_at = seen,
      rd.count = size(seen),
      rd.first_seen = CASE WHEN rd.first_seen IS NULL OR at < rd.first_seen THEN at ELSE rd.first_seen END,
      rd.last_seen = CASE WHEN rd.last_seen IS NULL OR at > rd.last_seen THEN at ELSE rd.last_seen END
}
CALL (row, actor, at) {
  WITH row, actor, at WHERE row.ip IS NOT NULL
  MERGE (ip:IP {id: row.ip})
  MERGE (actor)-[ri:USES_IP]->(ip)
  WITH ri, at WHERE NOT at IN coalesce(ri.sessions_at, [])
  WITH ri, at, COLLECT { UNWIND coalesce(ri.sessions_at, []) + at AS t RETURN t ORDER BY t } AS seen
  SET ri.sessions_at = seen,
      ri.count = size(seen),
      ri.first_seen = CASE WHEN ri.first_seen IS NULL OR at < ri.first_seen THEN at ELSE ri.first_seen END,
      ri.last_seen = CASE WHEN ri.last_seen IS NULL OR at > ri.last_seen THEN at ELSE ri.last_seen END
}
