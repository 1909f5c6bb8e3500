// The version history of an analyst-saved query, newest first.
// $name: string
MATCH (:SavedQuery {name: $name})-[:HAS_VERSION]->(v:SavedQueryVersion)
RETURN v.version AS version, v.author AS author, v.text AS text, toString(v.saved_at) AS savedAt
ORDER BY v.version DESC
