// Test-only: which of the given ids name a node in the graph (one index seek per label).
// $ids: [string]
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Account {id: id}) RETURN n
  UNION MATCH (n:Merchant {id: id}) RETURN n
  UNION MATCH (n:Order {id: id}) RETURN n
  UNION MATCH (n:Device {id: id}) RETURN n
  UNION MATCH (n:IP {id: id}) RETURN n
  UNION MATCH (n:Address {id: id}) RETURN n
  UNION MATCH (n:Phone {id: id}) RETURN n
  UNION MATCH (n:Identity {id: id}) RETURN n
  UNION MATCH (n:BankAccount {id: id}) RETURN n
  UNION MATCH (n:Tracking {id: id}) RETURN n
}
RETURN collect(DISTINCT id) AS found
