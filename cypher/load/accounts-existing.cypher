// How many of a batch's accounts are in the database already (the load updates them in place),
// and which of its ids a merchant has (refused: the API and the web app find both by id alone).
// $ids: [string]
UNWIND $ids AS id
RETURN sum(count { (:Account {id: id}) }) AS existing,
  collect(CASE WHEN EXISTS { (:Merchant {id: id}) } THEN id END) AS taken
