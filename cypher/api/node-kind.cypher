// Which object type an API id names (Account, Merchant or Ring), for the Relay `node` field.
// Each branch seeks through its label's unique constraint.
// $id: string
CALL () {
  MATCH (n:Account {id: $id})
  RETURN 'Account' AS kind
  UNION
  MATCH (n:Merchant {id: $id})
  RETURN 'Merchant' AS kind
  UNION
  MATCH (n:Ring {id: $id})
  RETURN 'Ring' AS kind
}
RETURN kind
LIMIT 1
