// Sets an analyst status on a ring and records the change (with the note) in its audit trail.
// No row back means no ring has that id.
// $id: string, $status: 'open' | 'confirmed' | 'dismissed', $note: string | null,
// $author: string, $role: string
MATCH (r:Ring {id: $id})
// A write first, to take the ring's lock before its status is read: concurrent changes queue,
// each records as its from_status the status the previous one set, and the clock is read once
// the lock is held (datetime() is the statement's start), so the trail's order is the order the
// changes were made in.
SET r.status_changed_by = $author
WITH r, r.status AS previous, datetime.realtime() AS now
SET r.status = $status, r.status_changed_at = now
CREATE (r)-[:HAS_AUDIT]->(entry:AuditEntry {
  id: randomUUID(), action: 'STATUS_CHANGE', target_id: r.id, author: $author, role: $role,
  at: now, text: $note, from_status: previous, to_status: $status
})
RETURN 'Ring' AS kind, r.id AS id, r.score AS score, r.flagged AS flagged, r.status AS status,
  coalesce(r.active, false) AS active, coalesce(r.size, 0) AS size,
  coalesce(r.exposure, 0.0) AS exposure, coalesce(r.orders, 0) AS orders,
  r.first_order_at AS firstOrderAt, r.last_order_at AS lastOrderAt,
  r.detector_version AS detectorVersion
