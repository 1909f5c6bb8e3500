// Test-only: notes on one target sharing one `at`, so paging must order them by id alone.
// $targetId: string, $ids: [string], $at: string
MATCH (n {id: $targetId})
UNWIND $ids AS id
CREATE (n)-[:HAS_AUDIT]->(:AuditEntry {
  id: id, action: 'NOTE', target_id: $targetId, author: 'test', role: 'investigator',
  at: datetime($at), text: 'same time ' + id
})
