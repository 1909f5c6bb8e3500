// Replaces the stored scoring units that share a merchant with $merchants (every unit when
// $merchants is null) by $units. Units are detector state: a merchant group re-scored only when
// something it depends on changed.
// $merchants: [merchant id] | null, $units: [{key, merchants, robust, members: JSON | null}]
CALL () {
  MATCH (u:DetectionUnit)
  WHERE $merchants IS NULL OR any(m IN u.merchants WHERE m IN $merchants)
  DELETE u
}
UNWIND $units AS unit
CREATE (:DetectionUnit {
  key: unit.key, merchants: unit.merchants, robust: unit.robust, members: unit.members
})
