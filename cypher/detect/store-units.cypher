// Replaces the stored scoring units that share a merchant with $merchants (every unit when
// $all) by $units. Units are detector state: a merchant group is re-scored only
// when something it depends on changed.
// One parameter shape in both modes (an empty list with $all). Neo4j caches a plan per parameter
// types and an empty list is a type of its own, so incremental runs get their own plan, made
// ahead of them (server/detect/plan-ahead.ts).
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
