// Clears the :Touched markers once detection has taken them into account, and forgets the BNPL
// volume of touched merchants (recounted when next needed, see merchant-volumes.cypher).
MATCH (t:Touched)
CALL (t) { REMOVE t:Touched, t.bnpl_volume } IN TRANSACTIONS OF 10000 ROWS
