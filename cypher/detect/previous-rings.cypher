// Rings stored by earlier runs with their members, so a new run can keep their ids (and the
// analyst's status) when membership barely changed, and skip rewriting rings whose content
// (digest) did not change.
MATCH (r:Ring)
OPTIONAL MATCH (member)-[:MEMBER_OF]->(r)
RETURN r.id AS id, r.status AS status, r.active AS active, r.digest AS digest,
  collect(member.id) AS members
