// How many of a batch's accounts are in the database already (the load updates them in place).
// $ids: [string]
UNWIND $ids AS id
RETURN sum(count { (:Account {id: id}) }) AS existing
