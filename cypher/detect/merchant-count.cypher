// How many merchants the database holds (from the count store).
MATCH (m:Merchant)
RETURN count(m) AS merchants
