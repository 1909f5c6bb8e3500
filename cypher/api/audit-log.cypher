// The audit trail (notes and status changes) of an account, merchant or ring, newest first: a
// page of $limit entries, the ones after entry $before (the last of the previous page) when it
// is given. Keyset, not offset: notes added while someone pages do not shift the pages. One row:
// whether $before is an entry of this target (when it is not, entries is empty), and the page.
// $targetId: string, $before: string | null, $limit: int
OPTIONAL MATCH (last:AuditEntry {target_id: $targetId})
  WHERE last.id = $before
RETURN $before IS NULL OR last IS NOT NULL AS beforeKnown,
  COLLECT {
    MATCH (entry:AuditEntry {target_id: $targetId})
      WHERE $before IS NULL
        OR entry.at < last.at
        OR (entry.at = last.at AND entry.id > last.id)
    RETURN entry {
      .id, .action, targetId: entry.target_id, .author, .role, .at, .text,
      fromStatus: entry.from_status, toStatus: entry.to_status
    } AS page
    ORDER BY entry.at DESC, entry.id
    LIMIT toInteger($limit)
  } AS entries
