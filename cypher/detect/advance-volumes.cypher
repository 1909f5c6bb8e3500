// Brings the kept BNPL volumes (merchant-volumes.cypher) of the merchants a load touched up to
// date, before the run that consumes the :Touched marks, and returns those merchants: an
// incremental run re-scores the rings at these shops.
// $touchedOnly true (incremental): a kept volume grows by the BNPL orders created since; a shop
// one of whose orders was rewritten or moved has none kept (orders-update.cypher drops it), so
// every touched order of a shop with a kept volume is a new one. Counting only the new orders
// spares reading every order of a busy shop again.
// $touchedOnly false (full): an interrupted run may have advanced them already, so they are
// dropped and counted again when next needed.
CALL () {
  WITH 1 AS one WHERE $touchedOnly
  MATCH (o:Order:Touched)-[:AT]->(m:Merchant)
  WHERE o.payment_method = 'bnpl' AND m.bnpl_volume IS NOT NULL
  // In whole fen, as merchant-volumes.cypher counts: the same float as a full count.
  WITH m, sum(toInteger(round(o.amount * 100))) AS added
  SET m.bnpl_volume = (toInteger(round(m.bnpl_volume * 100)) + added) / 100.0
}
MATCH (m:Merchant:Touched)
CALL (m) {
  WITH m WHERE NOT $touchedOnly
  REMOVE m.bnpl_volume
}
RETURN m.id AS merchant
