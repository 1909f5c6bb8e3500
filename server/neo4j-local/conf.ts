import type { LocalLayout } from './layout.ts';

/**
 * neo4j.conf for the local instance. Heap flags are passed to the JVM directly because the
 * server entry point does not read `server.memory.heap.*` (only Neo4j's own launcher does).
 */
export function renderNeo4jConf(layout: LocalLayout, pageCache: string): string {
  return [
    '# Written by ringscope db start; edits are overwritten on the next start.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${layout.port}`,
    `server.bolt.advertised_address=127.0.0.1:${layout.port}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=true',
    `server.directories.data=${layout.dataDir}`,
    `server.directories.logs=${layout.logsDir}`,
    `server.directories.run=${layout.runDir}`,
    `server.directories.plugins=${layout.pluginsDir}`,
    `server.directories.import=${layout.instanceDir}/import`,
    `server.memory.pagecache.size=${pageCache}`,
    'dbms.security.procedures.unrestricted=apoc.*,gds.*',
    'dbms.usage_report.enabled=false',
    'db.transaction.timeout=0',
    'dbms.security.allow_csv_import_from_file_urls=true',
    // Plans are cached per query text and parameter types; by default also per size class of
    // each list parameter, so the same detection query over 3, 30 or 300 ids is planned three
    // times, a tenth of a second each.
    'internal.cypher.use_parameter_size=false',
    '',
  ].join('\n');
}
