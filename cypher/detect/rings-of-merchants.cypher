// Active rings involving any of the given merchants, with all their members: the rings an
// incremental run replaces.
// $merchants: [merchant id]
MATCH (r:Ring {active: true})<-[:MEMBER_OF]-(m:Merchant)
WHERE m.id IN $merchants
WITH DISTINCT r
MATCH (member)-[:MEMBER_OF]->(r)
RETURN r.id AS id, r.status AS status, r.active AS active, collect(member.id) AS members
