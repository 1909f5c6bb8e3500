// The BNPL order times (epoch seconds) of each candidate buyer at each listed shop, from the
// stored pair features: who ordered in lockstep with whom.
// $merchants: [merchant id]
UNWIND $merchants AS id
MATCH (a:Account)-[p:BNPL_AT]->(:Merchant {id: id})
RETURN id AS merchant, a.id AS account, p.times AS times
