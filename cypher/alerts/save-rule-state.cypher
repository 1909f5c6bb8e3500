// Records an evaluation of an early-warning rule: when, the orders it saw, what it found.
// $rule: string, $ordersSeen: string, $matches: number, $created: number
MERGE (s:AlertRuleState {rule: $rule})
SET s.evaluated_at = datetime(),
    s.orders_seen = $ordersSeen,
    s.matches = $matches,
    s.created = $created
