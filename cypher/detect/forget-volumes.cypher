// Forgets the kept BNPL volume of merchants a load touched, before the run that consumes the
// :Touched marks (merchant-volumes.cypher recounts it when next needed). Returns them: an
// incremental run re-scores the rings at these shops.
MATCH (m:Merchant:Touched)
REMOVE m.bnpl_volume
RETURN m.id AS merchant
