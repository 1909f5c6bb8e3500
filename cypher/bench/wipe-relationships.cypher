// Benchmark only: deletes every relationship in batches before bench/wipe deletes the nodes. A
// batch of nodes with DETACH DELETE holds all their relationships in one transaction: with the
// loader's node ids, hubs (a shop with thousands of orders, a carrier NAT IP) share batches and
// one of them exceeded the transaction memory pool.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS
