// Stores scored rings: the Ring node (status kept across runs; new rings start 'open'), its
// members with role and risk, and its reasons as Reason nodes with the ids of their evidence.
// Earlier members and reasons of the same ring are replaced.
// $rings: [{id, score, flagged, size, exposure, orders, firstOrderAt, lastOrderAt,
//           accounts: [{id, role, risk, reasons}], merchants: [{id, role, risk, reasons}],
//           (member reasons: a JSON list, since properties cannot hold maps)
//           reasons: [{kind, text, weight, evidence}], digest, accountsDigest}], $version: string
// (digest: a hash of all of the above, so later runs rewrite only rings that changed;
// accountsDigest: a hash of the account members; accounts is null when they are unchanged, and
// the stored account memberships are kept)
UNWIND $rings AS ring
MERGE (r:Ring {id: ring.id})
ON CREATE SET r.status = 'open', r.created_at = datetime()
SET r.score = ring.score,
    r.flagged = ring.flagged,
    r.active = true,
    r.size = ring.size,
    r.exposure = ring.exposure,
    r.orders = ring.orders,
    r.first_order_at = datetime({epochSeconds: toInteger(ring.firstOrderAt)}),
    r.last_order_at = datetime({epochSeconds: toInteger(ring.lastOrderAt)}),
    r.detector_version = $version,
    r.digest = ring.digest,
    r.accounts_digest = ring.accountsDigest,
    r.detected_at = datetime()
WITH r, ring
CALL (r, ring) {
  MATCH (r)<-[old:MEMBER_OF]-(member)
  WHERE ring.accounts IS NOT NULL OR member:Merchant
  DELETE old
}
CALL (r) {
  MATCH (r)-[:HAS_REASON]->(old:Reason)
  DETACH DELETE old
}
CALL (r, ring) {
  UNWIND coalesce(ring.accounts, []) AS member
  MATCH (a:Account {id: member.id})
  CREATE (a)-[:MEMBER_OF {role: member.role, risk: member.risk, reasons: member.reasons}]->(r)
}
CALL (r, ring) {
  UNWIND ring.merchants AS member
  MATCH (m:Merchant {id: member.id})
  CREATE (m)-[:MEMBER_OF {role: member.role, risk: member.risk, reasons: member.reasons}]->(r)
}
CALL (r, ring) {
  UNWIND range(0, size(ring.reasons) - 1) AS rank
  WITH r, rank, ring.reasons[rank] AS reason
  CREATE (r)-[:HAS_REASON]->(:Reason {
    rank: rank, kind: reason.kind, text: reason.text, weight: reason.weight,
    evidence: reason.evidence
  })
}
