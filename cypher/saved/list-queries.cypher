// Every analyst-saved query at its latest version, by name.
MATCH (q:SavedQuery)
RETURN q.name AS name, q.version AS version, q.author AS author, q.text AS text,
  toString(q.updated_at) AS updatedAt
ORDER BY name
