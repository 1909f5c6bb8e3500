// title: Evidence graph of one ring
// name: ring-evidence-graph
// description: A ring's member accounts and merchants with the devices, IPs, phones,
//   identities and bank accounts that at least two of them share, for the graph view.
// returns: graph
// tags: graph, rings, evidence
// param: $ring_id string - the ring's id
MATCH (r:Ring {id: $ring_id})<-[membership:MEMBER_OF]-(member)
WITH r, collect(member) AS members, collect(membership) AS memberships
UNWIND members AS member
OPTIONAL MATCH (member)-[link:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]->(x)
WHERE COUNT { (x)<-[:USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO]-(other) WHERE other IN members } >= 2
RETURN r AS ring, members, memberships, collect(x) AS identifiers, collect(link) AS links
