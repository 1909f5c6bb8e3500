// Entities whose id (or merchant name) starts with the text: accounts, merchants, devices,
// phones and tracking numbers; each branch seeks through its label's index. Shortest ids first.
// $prefix: string, $limit: int
CALL () {
  MATCH (n:Account) WHERE n.id STARTS WITH $prefix
  RETURN n.id AS id, 'Account' AS type, n.id AS label LIMIT toInteger($limit)
  UNION
  MATCH (n:Merchant) WHERE n.id STARTS WITH $prefix
  RETURN n.id AS id, 'Merchant' AS type, coalesce(n.name, n.id) AS label LIMIT toInteger($limit)
  UNION
  MATCH (n:Merchant) WHERE n.name STARTS WITH $prefix
  RETURN n.id AS id, 'Merchant' AS type, n.name AS label LIMIT toInteger($limit)
  UNION
  MATCH (n:Device) WHERE n.id STARTS WITH $prefix
  RETURN n.id AS id, 'Device' AS type, n.id AS label LIMIT toInteger($limit)
  UNION
  MATCH (n:Phone) WHERE n.id STARTS WITH $prefix
  RETURN n.id AS id, 'Phone' AS type, n.id AS label LIMIT toInteger($limit)
  UNION
  MATCH (n:Tracking) WHERE n.id STARTS WITH $prefix
  RETURN n.id AS id, 'Tracking' AS type, n.id AS label LIMIT toInteger($limit)
}
RETURN id, type, label
ORDER BY size(label), label, type, id
LIMIT toInteger($limit)
