// title: Everything within k hops of an account
// name: account-neighbourhood
// description: The subgraph around one account up to $hops hops over orders, merchants,
//   devices, IPs, addresses, tracking numbers, phones, identities, bank accounts and rings, at
//   most $limit paths (nearest first), for the graph view.
// returns: graph
// tags: graph, exploration, accounts
// param: $account_id string - the account's id
// param: $hops integer = 2 range 1..4 - how far to walk
// param: $limit integer = 300 range 1..5000 - paths to follow at most
MATCH (a:Account {id: $account_id})
CALL apoc.path.subgraphAll(a, {
  maxLevel: $hops,
  limit: $limit,
  relationshipFilter: 'PLACED|AT|FROM_DEVICE|FROM_IP|SHIPPED_TO|SHIPPED_WITH|USES_DEVICE|USES_IP|HAS_PHONE|HAS_IDENTITY|OWNED_BY|PAID_TO|MEMBER_OF'
})
YIELD nodes, relationships
RETURN nodes, relationships
