// Attaches a note to an account, merchant or ring as an entry of its audit trail.
// No row back means no such entity.
// $targetId: string, $text: string, $author: string, $role: string
CALL () {
  MATCH (n:Account {id: $targetId})
  RETURN n
  UNION
  MATCH (n:Merchant {id: $targetId})
  RETURN n
  UNION
  MATCH (n:Ring {id: $targetId})
  RETURN n
}
WITH n
LIMIT 1
CREATE (n)-[:HAS_AUDIT]->(entry:AuditEntry {
  id: randomUUID(), action: 'NOTE', target_id: n.id, author: $author, role: $role,
  at: datetime(), text: $text
})
RETURN entry.id AS id, entry.action AS action, entry.target_id AS targetId,
  entry.author AS author, entry.role AS role, entry.at AS at, entry.text AS text,
  null AS fromStatus, null AS toStatus
