// The members (JSON) of the listed stored ring-draft units, for the ring drafts a run rebuilds.
// $keys: [unit key]
MATCH (u:DetectionUnit)
WHERE u.key IN $keys
RETURN u.key AS key, u.merchants AS merchants, u.members AS members
ORDER BY u.key
