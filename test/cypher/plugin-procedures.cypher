// Procedures each plugin registered (APOC core, open-source GDS).
SHOW PROCEDURES YIELD name
WHERE name STARTS WITH 'apoc.' OR name STARTS WITH 'gds.'
RETURN split(name, '.')[0] AS plugin, count(*) AS registered
