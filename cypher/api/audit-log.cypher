// The audit trail (notes and status changes) of an account, merchant or ring, newest first.
// $targetId: string, $limit: int
MATCH (entry:AuditEntry {target_id: $targetId})
RETURN entry.id AS id, entry.action AS action, entry.target_id AS targetId,
  entry.author AS author, entry.role AS role, entry.at AS at, entry.text AS text,
  entry.from_status AS fromStatus, entry.to_status AS toStatus
ORDER BY entry.at DESC, entry.id
LIMIT toInteger($limit)
