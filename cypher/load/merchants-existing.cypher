// How many of a batch's merchants are in the database already (the load updates them in place),
// and which of its ids an account has (refused: the API and the web app find both by id alone).
// $ids: [string]
UNWIND $ids AS id
RETURN sum(count { (:Merchant {id: id}) }) AS existing,
  collect(CASE WHEN EXISTS { (:Account {id: id}) } THEN id END) AS taken
