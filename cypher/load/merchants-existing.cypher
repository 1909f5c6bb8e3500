// How many of a batch's merchants are in the database already (the load updates them in place).
// $ids: [string]
UNWIND $ids AS id
RETURN sum(count { (:Merchant {id: id}) }) AS existing
