// A page of alerts, newest first (ties by id), optionally of one rule.
// $rule: string | null, $offset: int, $limit: int
MATCH (a:Alert)
WHERE $rule IS NULL OR a.rule = $rule
RETURN a.id AS id, a.rule AS rule, a.rule_title AS ruleTitle, toString(a.created_at) AS createdAt,
  a.subject_type AS subjectType, a.subject_id AS subjectId, a.evidence AS evidenceIds,
  a.summary AS summary
ORDER BY a.created_at DESC, a.id
SKIP toInteger($offset)
LIMIT toInteger($limit)
