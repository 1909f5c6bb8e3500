// When each early-warning rule was last evaluated and which orders it had seen then.
MATCH (s:AlertRuleState)
RETURN s.rule AS rule, s.evaluated_at.epochMillis AS evaluatedAt, s.orders_seen AS ordersSeen
