// Benchmark only: sessions.csv through LOAD CSV, folded like cypher/load/sessions.cypher.
// $url: file:/// URL of the file inside the server's import folder.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  CALL (row) {
    OPTIONAL MATCH (a:Account {id: row.actor_id}) WHERE row.actor_type = 'account'
    OPTIONAL MATCH (m:Merchant {id: row.actor_id}) WHERE row.actor_type = 'merchant'
    RETURN coalesce(a, m) AS actor
  }
  WITH row, actor, datetime(row.at) AS at
  WHERE actor IS NOT NULL
  MERGE (d:Device {id: row.device_id})
  MERGE (actor)-[rd:USES_DEVICE]->(d)
  WITH row, actor, at, rd
  CALL (rd, at) {
    WITH rd, at WHERE NOT at IN coalesce(rd.sessions_at, [])
    WITH rd, at, coalesce(rd.sessions_at, []) + at AS seen
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
    WITH ri, at, coalesce(ri.sessions_at, []) + at AS seen
    SET ri.sessions_at = seen,
        ri.count = size(seen),
        ri.first_seen = CASE WHEN ri.first_seen IS NULL OR at < ri.first_seen THEN at ELSE ri.first_seen END,
        ri.last_seen = CASE WHEN ri.last_seen IS NULL OR at > ri.last_seen THEN at ELSE ri.last_seen END
  }
} IN TRANSACTIONS OF 10000 ROWS
