// Readiness probe (GET /ready): the database answers a read. A connectivity check would pass for
// a database that is stopped or offline on a live server.
RETURN true AS ready
