// One analyst-saved query at its latest version, by name.
// $name: string
MATCH (q:SavedQuery {name: $name})
RETURN q.name AS name, q.version AS version, q.author AS author, q.text AS text,
  toString(q.updated_at) AS updatedAt
