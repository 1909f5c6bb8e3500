// Test-only: the merchants that keep a BNPL volume (bnpl_volume), and those whose kept volume
// differs from a count of their BNPL orders now.
MATCH (m:Merchant)
WHERE m.bnpl_volume IS NOT NULL
CALL (m) {
  OPTIONAL MATCH (m)<-[:AT]-(o:Order {payment_method: 'bnpl'})
  RETURN coalesce(sum(toInteger(round(o.amount * 100))), 0) / 100.0 AS counted
}
RETURN collect(m.id) AS kept,
  collect(CASE WHEN counted <> m.bnpl_volume THEN m.id + ' ' + m.bnpl_volume + ' ' + counted END) AS wrong
