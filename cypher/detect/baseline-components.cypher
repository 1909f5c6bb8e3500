// Weakly connected components of the baseline graph that hold at least one merchant and
// $minAccounts accounts: the baseline's rings.
// $graph: GDS graph name, $minAccounts: int
CALL gds.wcc.stream($graph) YIELD nodeId, componentId
WITH componentId, gds.util.asNode(nodeId) AS node
WHERE node:Account OR node:Merchant
WITH componentId,
  collect(CASE WHEN node:Account THEN node.id END) AS accounts,
  collect(CASE WHEN node:Merchant THEN node.id END) AS merchants
WHERE size(merchants) >= 1 AND size(accounts) >= $minAccounts
RETURN componentId, accounts, merchants
