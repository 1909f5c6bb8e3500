import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { createDriver } from '../server/db/driver.ts';
import { Db } from '../server/db/run.ts';
import { freePort } from '../server/neo4j-local/process.ts';
import { KeepAliveClient } from './http-client.ts';
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
 * - single-account `ringMembership` at a fixed rate (open loop) with zero errors;
 * - the same account-membership Cypher through the raw driver at the same rate, in this process
 *   and by the same pacing loop, so GraphQL + HTTP overhead shows as a ratio of the same percentiles;
 * - the same calls against a bare node:http server running the same Cypher (bench/http-floor.ts),
 *   so the part of the overhead that HTTP alone costs shows apart from GraphQL's;
 * the three take turns within every round, in an order that rotates from round to round;
 * - sequential 1,000-id `ringMembership` calls.
 * Latencies are per-response wall times in milliseconds. The HTTP side is a pre-encoding
 * kept-alive client (bench/http-client.ts) paced by this process: autocannon's `overallRate`
 * pacing reported a 40 ms median at 20 requests/s against a server that curl and node:http
 * both timed at 3–7 ms.
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

/** `ringscope serve`, or with `nodeArgs` another server script, in its own process. */
async function startServer(
  env: NodeJS.ProcessEnv,
  nodeArgs = [path.join(ROOT, 'server/cli/bin.mjs'), 'serve'],
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, nodeArgs, {
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
    if (child.exitCode !== null) {
      throw new Error(`${nodeArgs.join(' ')} exited with ${child.exitCode}`);
    }
    try {
      if ((await fetch(`${base}/health`)).ok) return { url: `${base}/graphql`, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`${nodeArgs.join(' ')} did not answer /health within 60 s`);
}

function graphqlBody(ids: string[]): string {
  return JSON.stringify({ query: MEMBERSHIP, variables: { ids } });
}

/**
 * Open loop: call `send(i)` at `rate` calls/s whatever the latencies are (a slow answer never
 * delays the next call), and time each call from its send to its answer.
 */
async function paced(rate: number, seconds: number, send: (index: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < rate * seconds; index += 1) {
    const wait = started + (index * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      send(index).then(
        (ok) => {
          latencies.push(performance.now() - sent);
          if (!ok) errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { requests: rate * seconds, errors, latencyMs: percentiles(latencies) };
}

const HEADERS = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };

/** Single-id `ringMembership` over HTTP keep-alive connections (at most 20, like a service's pool). */
async function loadGraphQL(url: string, ids: string[], rate: number, seconds: number) {
  const client = new KeepAliveClient(new URL(url), 20);
  try {
    return await paced(rate, seconds, async (index) => {
      const body = graphqlBody([ids[index % ids.length] as string]);
      const reply = await client.post('/graphql', HEADERS, body);
      return reply.status === 200 && !reply.body.includes('"errors"');
    });
  } finally {
    client.close();
  }
}

/** The same Cypher the resolver runs, through the same gateway, paced the same way. */
function loadDriver(db: Db, ids: string[], rate: number, seconds: number) {
  return paced(rate, seconds, async (index) => {
    await db.read('api/account-membership', { ids: [ids[index % ids.length]] });
    return true;
  });
}

/**
 * The same Cypher through the driver's own one-call API (`executeQuery`: a managed transaction,
 * BEGIN/RUN/COMMIT), for readers comparing with code that uses the driver directly.
 */
function loadExecuteQuery(db: Db, ids: string[], rate: number, seconds: number) {
  const driver = createDriver(db.connection);
  const { text } = db.queries.get('api/account-membership');
  return paced(rate, seconds, async (index) => {
    await driver.executeQuery(
      text,
      { ids: [ids[index % ids.length]] },
      { database: db.connection.database, routing: neo4j.routing.READ },
    );
    return true;
  }).finally(() => driver.close());
}

type Load = Awaited<ReturnType<typeof paced>>;

const median = (values: number[]) => percentiles(values).p50;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

type Round = { graphql: Load; httpFloor: Load; driver: Load };

/**
 * Every round runs GraphQL, the HTTP floor and the raw driver in turn so all three see the same
 * machine; each round's ratios compare them within it, and the summary takes medians over
 * rounds, since one round's p99 on a shared 2-core machine moves by a few milliseconds with
 * what else runs.
 */
function summarise(rounds: Round[]) {
  const of = (pick: (round: Round) => number) => median(rounds.map(pick));
  return {
    graphqlP50: of((round) => round.graphql.latencyMs.p50),
    graphqlP99: of((round) => round.graphql.latencyMs.p99),
    driverP50: of((round) => round.driver.latencyMs.p50),
    driverP99: of((round) => round.driver.latencyMs.p99),
    httpFloorP50: of((round) => round.httpFloor.latencyMs.p50),
    overheadP50: of((round) => ratio(round.graphql.latencyMs.p50, round.driver.latencyMs.p50)),
    overheadP99: of((round) => ratio(round.graphql.latencyMs.p99, round.driver.latencyMs.p99)),
    httpFloorOverheadP50: of((round) =>
      ratio(round.httpFloor.latencyMs.p50, round.driver.latencyMs.p50),
    ),
    errors: rounds.reduce((sum, round) => sum + round.graphql.errors, 0),
  };
}

async function batchCalls(url: string, ids: string[], calls: number) {
  const client = new KeepAliveClient(new URL(url), 1);
  const latencies: number[] = [];
  let errors = 0;
  try {
    for (let call = 0; call < calls; call += 1) {
      const body = graphqlBody(pick(ids, 1000, call + 1));
      const sent = performance.now();
      const reply = await client.post('/graphql', HEADERS, body);
      const json = JSON.parse(reply.body) as {
        errors?: unknown;
        data?: { ringMembership?: unknown[] };
      };
      latencies.push(performance.now() - sent);
      if (reply.status !== 200 || json.errors || json.data?.ringMembership?.length !== 1000) {
        errors += 1;
      }
    }
  } finally {
    client.close();
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
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '20' },
    },
  });
  const roundCount = Number(values.rounds);
  const warmup = Number(values.warmup);
  const accounts = Number(values.accounts);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const dir = await marketplace(accounts, Number(values.seed), log);
  const neo4j = await startPrivateNeo4j(log);
  const neo4jPeak = serverPeakMB(neo4j.config.local);
  const db = new Db(neo4j.connection);
  let server: { url: string; child: ChildProcess } | undefined;
  let floorServer: { url: string; child: ChildProcess } | undefined;
  try {
    log('loading and detecting');
    for (const args of [['load', dir], ['detect']]) {
      const step = await runCli(args, neo4j.env);
      if (step.code !== 0) throw new Error(`ringscope ${args[0]} exited with ${step.code}`);
    }
    server = await startServer(neo4j.env);
    floorServer = await startServer(neo4j.env, [
      '--import',
      'tsx',
      path.join(ROOT, 'bench/http-floor.ts'),
    ]);
    const ids = pick(accountIds(dir), 5000, 42);
    const { url: graphqlUrl } = server;
    const { url: floorUrl } = floorServer;
    const paths: { name: keyof Round; load: (seconds: number) => Promise<Load> }[] = [
      { name: 'graphql', load: (s) => loadGraphQL(graphqlUrl, ids, rate, s) },
      { name: 'httpFloor', load: (s) => loadGraphQL(floorUrl, ids, rate, s) },
      { name: 'driver', load: (s) => loadDriver(db, ids, rate, s) },
    ];
    log(`warming up for ${warmup} s each (JIT, connection pools, page cache)`);
    for (const { load } of paths) await load(warmup);
    const rounds: Round[] = [];
    for (let round = 0; round < roundCount; round += 1) {
      // Rotated so that no path always runs first, after the same neighbour, or last.
      const order = [...paths.slice(round % 3), ...paths.slice(0, round % 3)];
      log(
        `round ${round + 1}/${roundCount}: ${seconds} s each of ${order.map((p) => p.name).join(', ')} at ${rate}/s`,
      );
      const loads: Partial<Round> = {};
      for (const { name, load } of order) loads[name] = await load(seconds);
      rounds.push(loads as Round);
    }
    const serverRssMB = Math.round(statusBytes(server.child.pid as number, 'VmHWM') / 1024 ** 2);
    floorServer.child.kill('SIGTERM');
    log(`${seconds} s through executeQuery`);
    const executeQuery = await loadExecuteQuery(db, ids, rate, seconds);
    log('1,000-id calls');
    await batchCalls(server.url, ids, 5);
    const batch = await batchCalls(server.url, ids, Number(values['batch-calls']));
    const summary = summarise(rounds);
    saveResult('api', {
      suite: 'api',
      machine: machine(),
      data: { accounts, seed: Number(values.seed) },
      singleAccount: { rate, seconds, warmupSeconds: warmup, ...summary },
      httpFloorNote:
        'httpFloor: the same Cypher behind a bare node:http server (no GraphQL, no Yoga), in every round',
      rounds,
      executeQuery: {
        note: 'the same Cypher through driver.executeQuery (managed transaction), after the rounds',
        ...executeQuery,
      },
      thousandIds: batch,
      peakRssMB: { server: serverRssMB, neo4j: neo4jPeak() },
      targets: {
        singleP99Under10ms: summary.graphqlP99 < 10,
        zeroErrors: summary.errors === 0,
        thousandIdsP50Under40ms: batch.latencyMs.p50 < 40,
        overheadAtMost1_3x: summary.overheadP50 <= 1.3,
      },
    });
  } finally {
    server?.child.kill('SIGTERM');
    floorServer?.child.kill('SIGTERM');
    await db.close();
    await neo4j.stop();
  }
}
