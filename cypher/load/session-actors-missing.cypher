// Which session rows name an actor that is neither in this load nor in the database.
// $rows: [{actor_type, actor_id}]; returns the row indexes to reject.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
WITH i,
  CASE row.actor_type
    WHEN 'account' THEN EXISTS { (:Account {id: row.actor_id}) }
    ELSE EXISTS { (:Merchant {id: row.actor_id}) }
  END AS found
WHERE NOT found
RETURN i
