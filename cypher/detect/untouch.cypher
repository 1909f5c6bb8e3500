// Clears the :Touched markers once detection has taken them into account.
MATCH (t:Touched)
CALL (t) { REMOVE t:Touched } IN TRANSACTIONS OF 10000 ROWS
