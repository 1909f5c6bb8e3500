// Rings of earlier runs that no current ring continues: kept for the audit trail (with any
// analyst status), but no longer active or flagged, and without members.
// $ids: [ring id]
UNWIND $ids AS id
MATCH (r:Ring {id: id})
SET r.active = false, r.flagged = false, r.retired_at = datetime()
WITH r
MATCH (r)<-[old:MEMBER_OF]-()
DELETE old
