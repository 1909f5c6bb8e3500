// Each listed merchant's BNPL volume, the denominator of "how much of this shop's BNPL business
// comes from one small linked group". Kept on the merchant (bnpl_volume) and recounted when
// missing (never counted, or dropped: see advance-volumes.cypher) or on $all.
// $merchants: [merchant id], $all: boolean
UNWIND $merchants AS id
MATCH (m:Merchant {id: id})
CALL (m) {
  WITH m WHERE $all OR m.bnpl_volume IS NULL
  OPTIONAL MATCH (m)<-[:AT]-(o:Order {payment_method: 'bnpl'})
  // Summed in whole fen: exact in any order, so no sort of a busy shop's orders is needed for
  // the same float on every run.
  WITH m, coalesce(sum(toInteger(round(o.amount * 100))), 0) / 100.0 AS volume
  SET m.bnpl_volume = volume
}
RETURN m.id AS merchant, m.bnpl_volume AS volume
