// How many alerts there are, optionally of one rule (the connection's totalCount).
// $rule: string | null
MATCH (a:Alert)
WHERE $rule IS NULL OR a.rule = $rule
RETURN count(a) AS total
