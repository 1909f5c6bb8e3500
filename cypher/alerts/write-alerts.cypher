// Writes one alert per new match of an early-warning rule. The alert's id is a digest of rule
// and subject, and MERGE on it (unique) makes re-evaluation add nothing: the first match's
// evidence and summary stay. Only alerts created by this run ($run) are counted.
// $alerts: [{id, rule, ruleTitle, subjectType, subjectId, evidence, summary}], $run: string
UNWIND $alerts AS alert
MERGE (a:Alert {id: alert.id})
ON CREATE SET a.rule = alert.rule,
  a.rule_title = alert.ruleTitle,
  a.subject_type = alert.subjectType,
  a.subject_id = alert.subjectId,
  a.evidence = alert.evidence,
  a.summary = alert.summary,
  a.created_at = datetime(),
  a.run = $run
WITH a, alert
WHERE a.run = $run
CALL (a, alert) {
  CALL (alert) {
    MATCH (s:Account {id: alert.subjectId}) WHERE alert.subjectType = 'Account' RETURN s
    UNION
    MATCH (s:Merchant {id: alert.subjectId}) WHERE alert.subjectType = 'Merchant' RETURN s
    UNION
    MATCH (s:Order {id: alert.subjectId}) WHERE alert.subjectType = 'Order' RETURN s
  }
  MERGE (a)-[:ABOUT]->(s)
}
RETURN count(a) AS created
