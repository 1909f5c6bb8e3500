// A ring's reasons in rank order, each with the ids of its evidence.
// $id: string
MATCH (:Ring {id: $id})-[:HAS_REASON]->(reason:Reason)
RETURN reason.rank AS rank, reason.kind AS kind, reason.text AS text, reason.weight AS weight,
  coalesce(reason.evidence, []) AS evidence
ORDER BY rank
