// For each listed merchant, the other merchants sharing at least $minShared high-draw BNPL
// buyers with it (pair features with a mean draw of at least $ratio), counted over buyers with
// at most $maxShops such merchants, and each side's number of high-draw buyers: the input of the
// co-merchant rule (see co-merchants.ts), which decides the merchants scored as one unit.
// $merchants: [merchant id], $ratio: float, $maxShops: int, $minShared: int
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})
WITH m, COUNT { (m)<-[p:BNPL_AT]-() WHERE p.mean_ratio >= $ratio } AS highDraw
CALL (m) {
  OPTIONAL MATCH (m)<-[p:BNPL_AT]-(a:Account)-[q:BNPL_AT]->(n:Merchant)
  WHERE p.mean_ratio >= $ratio AND q.mean_ratio >= $ratio AND n <> m
    AND COUNT { (a)-[r:BNPL_AT]->() WHERE r.mean_ratio >= $ratio } <= $maxShops
  WITH n, count(a) AS shared
  WHERE shared >= $minShared
  RETURN collect({
    merchant: n.id, shared: shared,
    highDraw: COUNT { (n)<-[p:BNPL_AT]-() WHERE p.mean_ratio >= $ratio }
  }) AS neighbours
}
RETURN m.id AS merchant, highDraw, neighbours
