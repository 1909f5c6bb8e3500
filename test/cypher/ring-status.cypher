// Test-only: sets a ring's analyst status the way the API's setRingStatus will.
// $id: ring id, $status: string
MATCH (r:Ring {id: $id})
SET r.status = $status
RETURN r.id AS id
