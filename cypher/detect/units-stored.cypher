// The scoring units stored by earlier runs (see store-units.cypher): merchants, how many members
// certainly stay members whatever links change (robust), and for units that form a ring draft
// (MIN..MAX ring buyers) the members as JSON.
MATCH (u:DetectionUnit)
RETURN u.key AS key, u.merchants AS merchants, u.robust AS robust, u.members AS members
ORDER BY u.key
