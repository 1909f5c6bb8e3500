// For each listed merchant, the other merchants sharing at least $minShared high-draw BNPL
// buyers with it (pair features with a mean draw of at least $ratio), counted over buyers with
// at most $maxShops such merchants, and each side's number of high-draw buyers: the input of the
// co-merchant rule (see co-merchants.ts), which decides the merchants scored as one unit.
// $merchants: [merchant id], $ratio: float, $maxShops: int, $minShared: int
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})
WITH m, COUNT { (m)<-[p:BNPL_AT]-() WHERE p.mean_ratio >= $ratio } AS highDraw
CALL (m) {
  // Each high-draw buyer's high-draw shops are listed once, not once per shop pair.
  OPTIONAL MATCH (m)<-[p:BNPL_AT]-(a:Account)
  WHERE p.mean_ratio >= $ratio
  WITH m, a, [(a)-[q:BNPL_AT]->(n:Merchant) WHERE q.mean_ratio >= $ratio | n] AS shops
  WHERE size(shops) <= $maxShops
  UNWIND shops AS n
  WITH m, n, count(a) AS shared
  WHERE n <> m AND shared >= $minShared
  RETURN collect({
    merchant: n.id, shared: shared,
    highDraw: COUNT { (n)<-[p:BNPL_AT]-() WHERE p.mean_ratio >= $ratio }
  }) AS neighbours
}
RETURN m.id AS merchant, highDraw, neighbours
