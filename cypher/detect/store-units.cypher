// Replaces the stored scoring units that share a merchant with $merchants (every unit when
// $merchants is null) by $units. Units are detector state: a merchant group is re-scored only
// when something it depends on changed.
// $merchants: [merchant id] | null, $units: [{key, merchants, size, steady, members: JSON | null}]
CALL () {
  MATCH (u:DetectionUnit)
  WHERE $merchants IS NULL OR any(m IN u.merchants WHERE m IN $merchants)
  DELETE u
}
UNWIND $units AS unit
CREATE (:DetectionUnit {
  key: unit.key, merchants: unit.merchants, size: unit.size, steady: unit.steady,
  members: unit.members
})
