// Folds login sessions into USES_DEVICE / USES_IP links with first/last seen and a session
// count. Each link keeps the distinct session times it has seen, so loading a session twice
// (a re-run, an overlapping export) never counts it twice; the list is kept sorted so the result
// does not depend on which batch committed first. A session time is an instant, but Cypher calls
// 21:05+08:00 and 13:05Z different: times are kept in UTC (stored ones too, which older loads
// wrote with their offsets), so one session written with two offsets counts once. A batch's
// times are grouped per link before its list is rewritten: once per link and batch, not once per
// session (per session, a back office logging in every few minutes from one device made the
// load quadratic in its sessions).
// $rows: [{actor_type, actor_id, device_id, ip, at}]
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (a:Account {id: row.actor_id}) WHERE row.actor_type = 'account'
  OPTIONAL MATCH (m:Merchant {id: row.actor_id}) WHERE row.actor_type = 'merchant'
  RETURN coalesce(a, m) AS actor
}
WITH row, actor
WHERE actor IS NOT NULL
// Locks the actor before its links are read: concurrent batches update them one after another.
SET actor:Touched
WITH actor, collect({device: row.device_id, ip: row.ip, at: datetime(row.at)}) AS sessions
CALL (actor, sessions) {
  UNWIND sessions AS session
  WITH session.device AS deviceId, collect(session.at) AS times
  MERGE (d:Device {id: deviceId})
  MERGE (actor)-[link:USES_DEVICE]->(d)
  WITH link, coalesce(link.sessions_at, []) + times AS all
  CALL (all) {
    UNWIND all AS t
    WITH DISTINCT datetime({datetime: t, timezone: 'Z'}) AS t ORDER BY t
    RETURN collect(t) AS seen
  }
  SET link.sessions_at = seen, link.count = size(seen),
      link.first_seen = seen[0], link.last_seen = seen[-1]
}
CALL (actor, sessions) {
  UNWIND sessions AS session
  WITH session WHERE session.ip IS NOT NULL
  WITH session.ip AS ipId, collect(session.at) AS times
  MERGE (ip:IP {id: ipId})
  MERGE (actor)-[link:USES_IP]->(ip)
  WITH link, coalesce(link.sessions_at, []) + times AS all
  CALL (all) {
    UNWIND all AS t
    WITH DISTINCT datetime({datetime: t, timezone: 'Z'}) AS t ORDER BY t
    RETURN collect(t) AS seen
  }
  SET link.sessions_at = seen, link.count = size(seen),
      link.first_seen = seen[0], link.last_seen = seen[-1]
}
