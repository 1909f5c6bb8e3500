// The scoring units stored by earlier runs (see store-units.cypher): merchants, how many members
// (size, at least), how many of them stay members whatever happens to their lockstep with
// others (steady) or to their links too (solid), and for units that form a ring draft
// (MIN..MAX ring buyers) the member accounts. Their members themselves are read only for the
// drafts a run rebuilds (unit-members.cypher).
MATCH (u:DetectionUnit)
RETURN u.key AS key, u.merchants AS merchants, u.steady AS steady, u.solid AS solid,
  u.size AS size, u.accounts AS accounts
ORDER BY u.key
