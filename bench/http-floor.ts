import http from 'node:http';
import { readConfig } from '../server/config.ts';
import { openDb } from '../server/db/connect.ts';

/**
 * The API benchmark's floor: what HTTP alone costs on top of the membership Cypher. A bare
 * node:http server (its own process, like `ringscope serve`) that reads the ids from a
 * GraphQL-shaped JSON body, runs the resolver's named query through the same gateway and writes
 * the rows back, with no GraphQL, Yoga or authentication in between.
 */
const config = readConfig();
process.setSourceMapsEnabled(false);
const db = await openDb(config, () => undefined);

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', async () => {
    if (request.url === '/health') {
      response.end('ok');
      return;
    }
    const { variables } = JSON.parse(body) as { variables: { ids: string[] } };
    const rows = await db.read('api/account-membership', { ids: variables.ids });
    const text = JSON.stringify({ data: { ringMembership: rows } });
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  });
});
server.listen(config.port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.close();
});
