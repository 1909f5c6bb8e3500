// How many orders the graph holds and the newest order time: "on new orders" rules are due
// when either changed since their last evaluation.
MATCH (o:Order)
RETURN count(o) AS orders, toString(max(o.created_at)) AS newest
