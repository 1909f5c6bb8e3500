// First and last order time in the database (epoch seconds), through the created_at index: the
// observed period that timing signals are measured against.
MATCH (o:Order) WHERE o.created_at IS NOT NULL
WITH min(o.created_at) AS first, max(o.created_at) AS last
RETURN first.epochSeconds AS from, last.epochSeconds AS to
