import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../seed/load.ts';
import { evaluateRules, type RuleOutcome } from '../../server/alerts/evaluate.ts';
import { listAlerts } from '../../server/alerts/list.ts';
import { startAlertSchedule } from '../../server/alerts/schedule.ts';
import { readConfig } from '../../server/config.ts';
import type { Truth } from '../../server/detect/evaluate.ts';
import { getQuery, type QueryRuntime } from '../../server/queries/library.ts';
import { saveQuery } from '../../server/queries/save.ts';
import { codes, createTestServer, execute, type GraphQLBody } from '../helpers/api.ts';
import { loadGeneratedMarketplace } from '../helpers/marketplace.ts';
import { openTestDb, testEnv } from '../helpers/neo4j.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES = [
  'alert-large-bnpl-ring-linked',
  'alert-shared-device-bnpl-burst',
  'alert-tracking-reused-across-accounts',
];

const db = openTestDb();
const yoga = createTestServer(db);
const runtime: QueryRuntime = { db, timeoutMs: 60_000, rowLimit: 10_000 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-alerts-'));

async function one<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  const { rows } = await db.readText(cypher, params, { timeoutMs: 30_000, maxRows: 1 });
  return rows[0] as T;
}

const alertCount = async () => (await one<{ n: number }>('MATCH (a:Alert) RETURN count(a) AS n')).n;

const byRule = (outcomes: RuleOutcome[]) =>
  Object.fromEntries(outcomes.map((outcome) => [outcome.rule, outcome]));

let truth: Truth;

beforeAll(async () => {
  ({ truth } = await loadGeneratedMarketplace(db, tmp, { accounts: 2000, seed: 5 }));
}, 300_000);

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('early-warning rules on a generated marketplace (2,000 accounts, seed 5)', () => {
  it('the server schedule evaluates every rule at once, and stop() waits for the check', async () => {
    const lines: string[] = [];
    const config = readConfig({ NODE_ENV: 'test', RINGSCOPE_ALERT_INTERVAL_S: '3600' });
    const schedule = startAlertSchedule(db, config, (line) => lines.push(line));
    await schedule.stop();
    const states = await db.read<{ rule: string }>('alerts/rule-states');
    expect(states.map((state) => state.rule).sort()).toEqual(RULES);
    expect(await alertCount()).toBeGreaterThan(0);
    expect(
      lines.some((line) => /^Alert rule alert-tracking-reused-across-accounts: \d+ new/.test(line)),
    ).toBe(true);
    expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
  });

  it('is idempotent: `alerts run` after the schedule matches the same subjects and creates nothing', async () => {
    const before = await alertCount();
    const outcomes = byRule(await evaluateRules(runtime));
    for (const rule of RULES) {
      expect(outcomes[rule]).toMatchObject({ evaluated: true, created: 0, error: null });
    }
    expect(outcomes['alert-tracking-reused-across-accounts']?.matches).toBeGreaterThan(0);
    expect(outcomes['alert-large-bnpl-ring-linked']?.matches).toBeGreaterThan(0);
    const matched = Object.values(outcomes).reduce((sum, outcome) => sum + outcome.matches, 0);
    expect(await alertCount()).toBe(before);
    expect(before).toBe(matched);
    const again = byRule(await evaluateRules(runtime));
    expect(Object.values(again).map((outcome) => outcome.created)).toEqual([0, 0, 0]);
    expect(await alertCount()).toBe(before);
  });

  it('each alert carries its rule, a linked subject, evidence ids and a summary line', async () => {
    const { alerts, total } = await listAlerts(db, { rule: null, offset: 0, limit: 10_000 });
    expect(alerts.length).toBe(total);
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(total);
    const linked = await one<{ n: number }>('MATCH (:Alert)-[:ABOUT]->() RETURN count(*) AS n');
    expect(linked.n).toBe(total);
    for (const alert of alerts) {
      expect(RULES).toContain(alert.rule);
      expect(alert.evidenceIds.length).toBeGreaterThan(0);
      expect(alert.summary).toContain(alert.subjectId);
    }
    const reuse = alerts.filter((alert) => alert.rule === 'alert-tracking-reused-across-accounts');
    for (const alert of reuse.slice(0, 20)) {
      const [tracking, account] = alert.evidenceIds;
      const shared = await one<{ others: number }>(
        'MATCH (t:Tracking {id: $tracking})<-[:SHIPPED_WITH]-(:Order)<-[:PLACED]-(a:Account) WHERE a.id <> $account RETURN count(DISTINCT a) AS others',
        { tracking, account },
      );
      expect(shared.others, alert.summary).toBeGreaterThan(0);
    }
    const bursts = alerts.filter((alert) => alert.rule === 'alert-shared-device-bnpl-burst');
    const farms = truth.rings.filter((ring) => ring.kind === 'device_farm');
    const farmAlert = bursts.find((alert) =>
      farms.some((ring) => ring.merchants.includes(alert.subjectId)),
    );
    expect(farmAlert, bursts.map((alert) => alert.summary).join('\n')).toBeDefined();
    const farm = farms.find((ring) => ring.merchants.includes(farmAlert?.subjectId as string));
    expect(
      farmAlert?.evidenceIds.filter((id) => farm?.accounts.includes(id)).length,
    ).toBeGreaterThanOrEqual(3);
    const ringLinked = alerts.filter((alert) => alert.rule === 'alert-large-bnpl-ring-linked');
    for (const alert of ringLinked.slice(0, 20)) {
      const order = await one<{ bnpl: boolean }>(
        "MATCH (o:Order {id: $id}) RETURN o.payment_method = 'bnpl' AS bnpl",
        { id: alert.subjectId },
      );
      expect(order.bnpl).toBe(true);
      expect(alert.evidenceIds.some((id) => id.startsWith('R-'))).toBe(true);
    }
  });

  it('with --due, waits for new orders; one new order reusing a tracking number raises one alert', async () => {
    const idle = byRule(await evaluateRules(runtime, { dueOnly: true }));
    expect(Object.values(idle).map((outcome) => outcome.evaluated)).toEqual([false, false, false]);

    const reused = await one<{
      tracking: string;
      account: string;
      merchant: string;
      newest: string;
    }>(
      `MATCH (t:Tracking)<-[:SHIPPED_WITH]-(:Order)<-[:PLACED]-(a:Account)
       MATCH (m:Merchant) WITH t, a, m LIMIT 1
       MATCH (o:Order) WITH t, a, m, max(o.created_at) AS newest
       MATCH (other:Account) WHERE other <> a
       RETURN t.id AS tracking, other.id AS account, m.id AS merchant, toString(newest + duration('PT1H')) AS newest LIMIT 1`,
    );
    const dir = path.join(tmp, 'batch');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      'order_id,account_id,merchant_id,created_at,amount,payment_method,status,tracking_no\n' +
        `ONEW0001,${reused.account},${reused.merchant},${reused.newest},199.00,card,shipped,${reused.tracking}\n`,
    );
    await loadDirectory(db, dir, {
      batchSize: 100,
      interactive: false,
      rejectsPath: path.join(tmp, 'batch-rejects.csv'),
    });
    const before = await alertCount();
    const outcomes = byRule(await evaluateRules(runtime, { dueOnly: true }));
    expect(outcomes['alert-tracking-reused-across-accounts']).toMatchObject({
      evaluated: true,
      created: 1,
    });
    expect(outcomes['alert-large-bnpl-ring-linked']).toMatchObject({ evaluated: true, created: 0 });
    expect(outcomes['alert-shared-device-bnpl-burst']?.evaluated).toBe(false);
    expect(await alertCount()).toBe(before + 1);
    const { alerts } = await listAlerts(db, {
      rule: 'alert-tracking-reused-across-accounts',
      offset: 0,
      limit: 1,
    });
    expect(alerts[0]).toMatchObject({ subjectType: 'Order', subjectId: 'ONEW0001' });
    expect(alerts[0]?.evidenceIds).toContain(reused.tracking);
  });

  it('with --due, a finished detection run makes "on new orders" rules due (rings may be new)', async () => {
    const idle = byRule(await evaluateRules(runtime, { dueOnly: true }));
    expect(idle['alert-large-bnpl-ring-linked']?.evaluated).toBe(false);
    const [state] = await db.read<{ version: string | null }>('detect/state');
    await db.write('detect/save-state', { version: state?.version ?? 'test', mode: 'incremental' });
    const due = byRule(await evaluateRules(runtime, { dueOnly: true }));
    expect(due['alert-large-bnpl-ring-linked']).toMatchObject({ evaluated: true, error: null });
    expect(due['alert-tracking-reused-across-accounts']?.evaluated).toBe(true);
    expect(due['alert-shared-device-bnpl-burst']?.evaluated).toBe(false);
  });

  it('`ringscope alerts run --json` prints the outcome per rule (nothing new on a re-run)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['server/cli/bin.mjs', 'alerts', 'run', '--json'],
      { cwd: ROOT, env: testEnv() },
    );
    const printed = JSON.parse(stdout) as { rules: RuleOutcome[] };
    expect(printed.rules.map((rule) => [rule.rule, rule.created, rule.error])).toEqual(
      RULES.map((rule) => [rule, 0, null]),
    );
  });

  it('`ringscope alerts list` refuses two --rule flags instead of silently using the first', async () => {
    const refused = await promisify(execFile)(
      process.execPath,
      [
        'server/cli/bin.mjs',
        'alerts',
        'list',
        '--rule',
        RULES[0] as string,
        '--rule',
        RULES[1] as string,
      ],
      { cwd: ROOT, env: testEnv() },
    ).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toContain('alerts list: give at most one --rule');
  });
});

describe('GraphQL: alerts', () => {
  const ALERTS = /* GraphQL */ `query ($first: Int, $after: String, $rule: String) {
    alerts(first: $first, after: $after, rule: $rule) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id rule ruleTitle createdAt subjectType subjectId evidenceIds summary } }
    }
  }`;
  type Page = {
    alerts: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { id: string; rule: string } }[];
    };
  };

  it('pages alerts newest first with a total, filters by rule, for analysts and investigators', async () => {
    const total = await alertCount();
    const first = await execute(yoga, ALERTS, { first: 2 }, 'analyst');
    const page = (first.body as GraphQLBody & { data: Page }).data.alerts;
    expect(first.body.errors).toBeUndefined();
    expect(page.totalCount).toBe(total);
    expect(page.edges.length).toBe(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await execute(
      yoga,
      ALERTS,
      { first: 2, after: page.pageInfo.endCursor },
      'investigator',
    );
    const nextIds = (next.body as GraphQLBody & { data: Page }).data.alerts.edges.map(
      (e) => e.node.id,
    );
    expect(nextIds.some((id) => page.edges.some((edge) => edge.node.id === id))).toBe(false);
    const filtered = await execute(
      yoga,
      ALERTS,
      { rule: 'alert-tracking-reused-across-accounts' },
      'analyst',
    );
    const edges = (filtered.body as GraphQLBody & { data: Page }).data.alerts.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((edge) => edge.node.rule === 'alert-tracking-reused-across-accounts')).toBe(
      true,
    );
  });

  it('refuses services', async () => {
    expect(codes((await execute(yoga, ALERTS, {}, 'service')).body)).toEqual(['FORBIDDEN']);
  });
});

describe('user-saved rules and rules that fail', () => {
  const USER_RULE = 'user-biggest-bnpl-orders';

  /** The saved user rule's text under another name with other Cypher, stored as is. */
  async function storeRule(name: string, cypher: string): Promise<void> {
    const { text, body } = await getQuery(runtime, USER_RULE);
    const stored = text.replace(`// name: ${USER_RULE}`, `// name: ${name}`).replace(body, cypher);
    await db.write('saved/save-query', { name, text: stored, author: 'mallory' });
  }

  it('a rule saved by an analyst (`rule:`) is evaluated and writes alerts about its subjects', async () => {
    await saveQuery(
      runtime,
      {
        name: USER_RULE,
        title: 'Five biggest BNPL orders',
        description: 'The five largest BNPL orders of the data set.',
        returns: 'table',
        tags: ['bnpl'],
        parameters: [],
        cypher:
          "MATCH (o:Order {payment_method: 'bnpl'}) RETURN o.id AS order_id, o.amount AS amount ORDER BY o.amount DESC, o.id LIMIT 5",
        rule: {
          trigger: 'on-new-orders',
          subjectType: 'Order',
          subjectColumn: 'order_id',
          evidence: ['order_id'],
          summary: 'Order {order_id}: BNPL {amount}',
        },
      },
      'ann',
    );
    const [outcome] = await evaluateRules(runtime, { rules: [USER_RULE] });
    expect(outcome).toMatchObject({ rule: USER_RULE, evaluated: true, matches: 5, created: 5 });
    const { alerts, total } = await listAlerts(db, { rule: USER_RULE, offset: 0, limit: 10 });
    expect(total).toBe(5);
    const biggest = await one<{ id: string }>(
      "MATCH (o:Order {payment_method: 'bnpl'}) RETURN o.id AS id ORDER BY o.amount DESC, o.id LIMIT 1",
    );
    expect(alerts.map((alert) => alert.subjectId)).toContain(biggest.id);
    expect(alerts.every((alert) => alert.subjectType === 'Order')).toBe(true);
  });

  it('a rule cut at its row limit fails, naming it, and records no state (it stays due)', async () => {
    const state = async () =>
      (await db.read<{ rule: string; evaluatedAt: number }>('alerts/rule-states')).find(
        (row) => row.rule === USER_RULE,
      )?.evaluatedAt;
    const before = await state();
    const [outcome] = await evaluateRules(runtime, { rules: [USER_RULE], rowLimit: 2 });
    expect(outcome?.truncated).toBe(true);
    expect(outcome?.error).toContain(`Rule ${USER_RULE} returned more than 2 rows`);
    expect(await state()).toBe(before);
    expect(before).toBeDefined();
  });

  it('a rule attempting a write is refused by the database and reported as "Rule NAME …"', async () => {
    await storeRule(
      'user-writer',
      "MATCH (o:Order {payment_method: 'bnpl'}) SET o.checked = true RETURN o.id AS order_id, o.amount AS amount LIMIT 1",
    );
    const [outcome] = await evaluateRules(runtime, { rules: ['user-writer'] });
    expect(outcome?.error).toContain('Rule user-writer tried to change the database');
    const written = await one<{ n: number }>(
      'MATCH (o:Order) WHERE o.checked RETURN count(o) AS n',
    );
    expect(written.n).toBe(0);
  });

  it('a stored rule that no longer validates is reported as failing, and the schedule logs it', async () => {
    await storeRule(
      'user-broken',
      "CALL `apoc`.`load`.`json`('http://127.0.0.1:9/x') YIELD value RETURN value AS order_id, 1 AS amount",
    );
    const outcomes = byRule(await evaluateRules(runtime));
    expect(outcomes['user-broken']?.error).toContain(
      'Rule user-broken was not run: its stored text no longer validates (Query user-broken: saved queries may not use',
    );
    expect(outcomes[USER_RULE]?.error).toBeNull();
    const lines: string[] = [];
    const config = readConfig({ NODE_ENV: 'test', RINGSCOPE_ALERT_INTERVAL_S: '3600' });
    await startAlertSchedule(db, config, (line) => lines.push(line)).stop();
    expect(lines.filter((line) => line.startsWith('Alert rule user-broken failed: '))).toHaveLength(
      1,
    );
  });
});
