// Stores a new version of an analyst's saved query and keeps every earlier one.
// The node is write-locked (REMOVE of a property it never has) before the version is read, so
// two analysts saving at once get consecutive versions.
// $name: string, $text: string (header and Cypher), $author: string
MERGE (q:SavedQuery {name: $name})
ON CREATE SET q.created_at = datetime(), q.created_by = $author, q.version = 0
REMOVE q.lock
SET q.version = q.version + 1,
    q.text = $text,
    q.author = $author,
    q.updated_at = datetime()
CREATE (q)-[:HAS_VERSION]->(:SavedQueryVersion {
  name: $name, version: q.version, text: $text, author: $author, saved_at: q.updated_at
})
RETURN q.name AS name, q.version AS version, q.author AS author, q.text AS text,
  toString(q.updated_at) AS updatedAt
