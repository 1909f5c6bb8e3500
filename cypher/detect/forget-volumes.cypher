// Forgets the kept BNPL volume of merchants a load touched, before the run that consumes the
// :Touched marks (merchant-volumes.cypher recounts it when next needed).
MATCH (m:Merchant:Touched)
REMOVE m.bnpl_volume
