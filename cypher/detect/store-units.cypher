// Replaces the stored scoring units that share a merchant with $merchants (every unit when
// $all) by $units. Units are detector state: a merchant group is re-scored only
// when something it depends on changed.
// One parameter type in both modes (an empty list with $all), so full and incremental runs share
// one cached plan: Neo4j plans a query again for each combination of parameter types.
// $all: boolean, $merchants: [merchant id],
// $units: [{key, merchants, size, steady, solid, accounts: [account id] | null,
//   members: JSON | null}]
CALL () {
  MATCH (u:DetectionUnit)
  WHERE $all OR any(m IN u.merchants WHERE m IN $merchants)
  DELETE u
}
UNWIND $units AS unit
CREATE (:DetectionUnit {
  key: unit.key, merchants: unit.merchants, size: unit.size, steady: unit.steady, solid: unit.solid,
  accounts: unit.accounts, members: unit.members
})
