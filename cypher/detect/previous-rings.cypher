// The active rings of earlier runs with their members, so a new run can keep their ids (and the
// analyst's status) when membership barely changed, and skip rewriting what did not change:
// rings whose content is the same (digest), account memberships that are the same
// (accounts_digest) when only the ring's scores moved. Retired rings have no members left to
// match, so they are not read: they would only grow every run's work.
MATCH (r:Ring)
WHERE r.active
OPTIONAL MATCH (member)-[:MEMBER_OF]->(r)
RETURN r.id AS id, r.digest AS digest, r.accounts_digest AS accountsDigest,
  collect(member.id) AS members
