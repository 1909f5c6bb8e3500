// For a batch of orders: which already exist (update path) and which reference an account or
// merchant that is neither in this load nor in the database (rejected).
// $rows: [{order_id, account_id, merchant_id}]
UNWIND $rows AS row
RETURN row.order_id AS id,
  EXISTS { (:Order {id: row.order_id}) } AS exists,
  EXISTS { (:Account {id: row.account_id}) } AS account,
  EXISTS { (:Merchant {id: row.merchant_id}) } AS merchant
