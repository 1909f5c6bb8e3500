import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Db } from '../server/db/run.ts';
import { freePort } from '../server/neo4j-local/process.ts';
import {
  logger,
  machine,
  marketplace,
  percentiles,
  ROOT,
  runCli,
  saveResult,
  serverPeakMB,
  startPrivateNeo4j,
  statusBytes,
} from './support.ts';

/**
 * API benchmark: a generated marketplace loaded and detected in a private Neo4j, the API served by
 * `ringscope serve` in its own process, then
 * - single-account `ringMembership` at a fixed rate (autocannon, open loop) with zero errors;
 * - the same account-membership Cypher through the raw driver at the same rate, in this process,
 *   so GraphQL + HTTP overhead shows as a ratio of the same percentiles;
 * - sequential 1,000-id `ringMembership` calls.
 * Latencies are per-response wall times in milliseconds (float, not autocannon's whole-ms histogram).
 */
const log = logger('api');

const KEY = 'bench-service-key-0000000001';
const MEMBERSHIP =
  'query ($ids: [ID!]!) { ringMembership(accountIds: $ids) { id found risk rings { id score flagged status } reasons { kind text weight } } }';

/** Account ids as in the input file (first column); generated ids hold no commas or quotes. */
function accountIds(dir: string): string[] {
  const lines = fs.readFileSync(path.join(dir, 'accounts.csv'), 'utf8').trimEnd().split('\n');
  return lines.slice(1).map((line) => line.slice(0, line.indexOf(',')));
}

function pick<T>(items: readonly T[], count: number, seed: number): T[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return items[state % items.length] as T;
  });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'server/cli/bin.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      RINGSCOPE_API_KEYS: `${KEY}:service:bench`,
      NODE_ENV: 'production',
      // The API alone: rule checks (every 5 minutes in production) would land inside the window.
      RINGSCOPE_ALERT_INTERVAL_S: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ringscope serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { url: `${base}/graphql`, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('ringscope serve did not answer /health within 60 s');
}

function graphqlBody(ids: string[]): string {
  return JSON.stringify({ query: MEMBERSHIP, variables: { ids } });
}

/** Open-loop single-id load: autocannon paces `rate` requests/s whatever the latencies are. */
async function loadGraphQL(url: string, ids: string[], rate: number, seconds: number) {
  let next = 0;
  let graphqlErrors = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: 20,
        overallRate: rate,
        duration: seconds,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              next = (next + 1) % ids.length;
              return { ...request, body: graphqlBody([ids[next] as string]) };
            },
            onResponse: (_status, body) => {
              if (body.includes('"errors"')) graphqlErrors += 1;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  return {
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    latencyMs: percentiles(latencies),
  };
}

/** The same Cypher the resolver runs, paced like autocannon: one call every 1/rate s. */
async function loadDriver(db: Db, ids: string[], rate: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < rate * seconds; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      db.read('api/account-membership', { ids: [ids[index % ids.length]] }).then(
        () => {
          latencies.push(performance.now() - sent);
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { requests: latencies.length + errors, errors, latencyMs: percentiles(latencies) };
}

async function batchCalls(url: string, ids: string[], calls: number) {
  const latencies: number[] = [];
  let errors = 0;
  for (let call = 0; call < calls; call += 1) {
    const body = graphqlBody(pick(ids, 1000, call + 1));
    const sent = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body,
    });
    const json = (await response.json()) as {
      errors?: unknown;
      data?: { ringMembership?: unknown[] };
    };
    latencies.push(performance.now() - sent);
    if (!response.ok || json.errors || json.data?.ringMembership?.length !== 1000) errors += 1;
  }
  return { calls, errors, latencyMs: percentiles(latencies) };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '7' },
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      'batch-calls': { type: 'string', default: '50' },
    },
  });
  const accounts = Number(values.accounts);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const dir = await marketplace(accounts, Number(values.seed), log);
  const neo4j = await startPrivateNeo4j(log);
  const neo4jPeak = serverPeakMB(neo4j.config.local);
  const db = new Db(neo4j.connection);
  let server: { url: string; child: ChildProcess } | undefined;
  try {
    log('loading and detecting');
    for (const args of [['load', dir], ['detect']]) {
      const step = await runCli(args, neo4j.env);
      if (step.code !== 0) throw new Error(`ringscope ${args[0]} exited with ${step.code}`);
    }
    server = await startServer(neo4j.env);
    const ids = pick(accountIds(dir), 5000, 42);
    log(`warming up, then ${seconds} s at ${rate} requests/s`);
    await loadGraphQL(server.url, ids, rate, 5);
    await loadDriver(db, ids, rate, 5);
    const graphql = await loadGraphQL(server.url, ids, rate, seconds);
    const serverRssMB = Math.round(statusBytes(server.child.pid as number, 'VmHWM') / 1024 ** 2);
    const driver = await loadDriver(db, ids, rate, seconds);
    log('1,000-id calls');
    await batchCalls(server.url, ids, 5);
    const batch = await batchCalls(server.url, ids, Number(values['batch-calls']));
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    saveResult('api', {
      suite: 'api',
      machine: machine(),
      data: { accounts, seed: Number(values.seed) },
      singleAccount: { rate, seconds, ...graphql },
      rawDriver: { rate, seconds, ...driver },
      overhead: {
        p50: ratio(graphql.latencyMs.p50, driver.latencyMs.p50),
        p99: ratio(graphql.latencyMs.p99, driver.latencyMs.p99),
      },
      thousandIds: batch,
      peakRssMB: { server: serverRssMB, neo4j: neo4jPeak() },
      targets: {
        singleP99Under10ms: graphql.latencyMs.p99 < 10,
        zeroErrors: graphql.errors + graphql.non2xx + graphql.graphqlErrors === 0,
        thousandIdsP50Under40ms: batch.latencyMs.p50 < 40,
        overheadAtMost1_3x: graphql.latencyMs.p50 / driver.latencyMs.p50 <= 1.3,
      },
    });
  } finally {
    server?.child.kill('SIGTERM');
    await db.close();
    await neo4j.stop();
  }
}
