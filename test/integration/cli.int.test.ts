import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { graphStats } from '../../server/cli/stats.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import {
  FIXTURES,
  openTestDb,
  SMALL_FIXTURE_GRAPH,
  sharedServerIsPrivate,
  testConnection,
  testEnv,
  wipe,
} from '../helpers/neo4j.ts';

const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-cli-'));

// Loads that write pass `--online`: on an empty local database the CLI would otherwise
// bulk-import, which stops and restarts the Neo4j every test file shares. Failures before any
// write (bad folder, header, usage, connection) are run without it, so they hold whichever mode
// the CLI picks.

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await wipe(db);
});

describe('ringscope load', () => {
  it('exits 0 after loading the hand-checked fixture, printing a per-file summary with no rejects file', async () => {
    const rejects = path.join(tmp, 'small-rejects.csv');
    const result = await runCli(['load', 'test/fixtures/small', '--online', '--rejects', rejects]);
    expect(result.stderr).toContain(`Loaded ${path.join(FIXTURES, 'small')}`);
    expect(result.stderr).toMatch(/orders\.csv\s+read 4 = loaded 4 \+ rejected 0/);
    expect(result.stderr).toContain('warning: accounts.csv: ignoring unknown column nickname');
    expect(result.stderr).toContain('Next: `ringscope detect` finds and scores the rings');
    expect(result.code).toBe(0);
    expect(fs.existsSync(rejects)).toBe(false);
    expect((await graphStats(db)).nodes).toMatchObject({ Account: 3, Merchant: 2, Order: 4 });
  });

  it('draws rows/s progress when run on a terminal, though the load runs in a worker thread', async () => {
    const rejects = path.join(tmp, 'tty-rejects.csv');
    const command = `node server/cli/bin.mjs load test/fixtures/small --online --rejects ${rejects}`;
    // util-linux `script` gives the CLI a pseudo-terminal and copies what it draws to stdout.
    const terminal = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: ROOT,
        env: Object.fromEntries(Object.entries(testEnv()).filter(([name]) => name !== 'CI')),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        output += text;
      });
      child.once('error', reject);
      child.once('close', () => resolve(output));
    });
    expect(terminal).toMatch(/orders\.csv\s+\d+\/4 rows\s+\d+%\s+[\d,]+ rows\/s/);
    expect(terminal).toMatch(/orders\.csv\s+read 4 = loaded 4 \+ rejected 0/);
  });

  it('exits 2 when rows are rejected, still loads the valid ones, and writes the rejects file it names', async () => {
    const rejects = path.join(tmp, 'r.csv');
    const result = await runCli([
      'load',
      'test/fixtures/rejects',
      '--online',
      '--rejects',
      rejects,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`rejected rows written to ${rejects}`);
    expect(fs.existsSync(rejects)).toBe(true);
    const lines = fs.readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,column,reason,row');
    expect(lines.length).toBeGreaterThan(1);
    expect((await graphStats(db)).nodes).toMatchObject({ Account: 1, Merchant: 1, Order: 2 });
  });

  it('exits 1 naming the file and the column when accounts.csv lacks created_at, and writes nothing', async () => {
    const dir = folder('no-created-at', { 'accounts.csv': 'account_id,city\nA1,上海\n' });
    const result = await runCli(['load', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `ringscope: ${path.join(dir, 'accounts.csv')}: required column created_at missing; the header has: account_id, city.`,
    );
    expect((await graphStats(db)).nodes.Account ?? 0).toBe(0);
  });

  it('exits 1 saying which files it looked for when the folder holds none of the contract files', async () => {
    const dir = folder('no-contract-files', { 'customers.csv': 'id\n1\n' });
    const result = await runCli(['load', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `ringscope: ${dir} holds none of accounts.csv, merchants.csv, sessions.csv, orders.csv; nothing to load.`,
    );
  });

  it('exits 1 saying the path does not exist, or is a file and not a folder', async () => {
    const missing = path.join(tmp, 'does-not-exist');
    const result = await runCli(['load', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ringscope: ${missing} does not exist.`);
    const file = path.join(FIXTURES, 'small', 'orders.csv');
    const notFolder = await runCli(['load', file]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toContain(`ringscope: ${file} is not a folder.`);
  });

  it('exits 1 saying an argument is missing, with the usage of load, when no folder is given', async () => {
    const result = await runCli(['load']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'ringscope: load: an argument is missing.\nUsage:\n  ringscope load DIR [--rejects FILE] [--online] [--json]',
    );
    expect(result.stderr).not.toContain('ringscope stats');
  });

  it('exits 1 saying Neo4j is unreachable when NEO4J_URI points at a closed port', async () => {
    const result = await runCli(['load', 'test/fixtures/small'], {
      ...testEnv(),
      NEO4J_URI: 'neo4j://127.0.0.1:1',
      NEO4J_PASSWORD: 'x',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ringscope: Neo4j at neo4j:\/\/127\.0\.0\.1:1 is unreachable \(/m,
    );
    // Advice for a server NEO4J_URI names: `ringscope db start` would refuse to manage it.
    expect(result.stderr).toContain('Check NEO4J_URI: the server, its Bolt port');
    expect(result.stderr).not.toContain('db start');
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('exits 1 at once naming NEO4J_DATABASE when the server has no such database, over bolt:// and neo4j://', async () => {
    const { uri, password } = testConnection();
    for (const scheme of ['bolt', 'neo4j']) {
      const target = uri.replace(/^[a-z+]+:/, `${scheme}:`);
      const result = await runCli(['stats'], {
        ...testEnv(),
        NEO4J_URI: target,
        NEO4J_PASSWORD: password,
        NEO4J_DATABASE: 'nosuchdb',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `ringscope: Neo4j at ${target} has no database 'nosuchdb': check NEO4J_DATABASE (SHOW DATABASES lists them; Community Edition has only 'neo4j').\n`,
      );
    }
  });

  it('exits 1 saying NEO4J_URI names an HTTP port when the server answers HTTP', async () => {
    const web = http.createServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { port } = web.address() as net.AddressInfo;
    try {
      const result = await runCli(['stats'], {
        ...testEnv(),
        NEO4J_URI: `bolt://127.0.0.1:${port}`,
        NEO4J_PASSWORD: 'x',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `ringscope: bolt://127.0.0.1:${port} answers HTTP, not Bolt: NEO4J_URI names Neo4j's HTTP port (7474 by default) or another web server. Use the Bolt port (7687 by default).\n`,
      );
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it('exits 1 naming the path and the problem, without a stack, when a file cannot be written or read', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    const over = await runCli(['generate', file, '--accounts', '100']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe(
      `ringscope: ${file}: a file or folder of that name is already there.\n`,
    );
    const under = await runCli(['generate', path.join(file, 'out'), '--accounts', '100']);
    expect(under.stderr).toBe(
      `ringscope: ${path.join(file, 'out')}: a part of the path is a file, not a folder.\n`,
    );
    const notJson = await runCli(['eval', 'test/fixtures/small/orders.csv']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(
      /^ringscope: eval: test\/fixtures\/small\/orders\.csv is not a truth\.json: not JSON \(/,
    );
  });
});

describe('ringscope start', () => {
  it('exits 1 with PORT_TAKEN before loading or detecting anything when PORT is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await runCli(['start'], { ...testEnv(), PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `ringscope: Another program listens on port ${port}. Stop it, or choose another port with PORT.\n`,
      );
      expect(result.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('ringscope db', () => {
  it.skipIf(!sharedServerIsPrivate())(
    'status exits 0 naming the running server; start reuses it instead of starting another',
    async () => {
      const status = await runCli(['db', 'status']);
      expect(status.code).toBe(0);
      expect(status.stderr).toMatch(/^running \(pid \d+\) at bolt:\/\/127\.0\.0\.1:\d+, data in /m);
      const start = await runCli(['db', 'start']);
      expect(start.code).toBe(0);
      const pid = /pid (\d+)/.exec(status.stderr)?.[1];
      expect(start.stderr).toContain(`Neo4j already running (pid ${pid})`);
    },
  );

  it('status exits 3 and stop exits 0 for a data folder whose server never ran, starting nothing', async () => {
    const home = path.join(tmp, 'never-started');
    const env = { ...testEnv(), RINGSCOPE_HOME: home };
    const status = await runCli(['db', 'status'], env);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(`not running (data folder ${path.join(home, 'neo4j')})`);
    const stop = await runCli(['db', 'stop'], env);
    expect(stop.code).toBe(0);
    expect(stop.stderr).toContain('Neo4j was not running.');
    expect(fs.existsSync(path.join(home, 'neo4j', 'data'))).toBe(false);
  });

  it('refuses every action with exit 1 when NEO4J_URI names a server it does not manage', async () => {
    for (const action of ['start', 'stop', 'status']) {
      const result = await runCli(['db', action], {
        ...testEnv(),
        NEO4J_URI: 'neo4j://db.example:7687',
        NEO4J_PASSWORD: 'x',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'NEO4J_URI is set (neo4j://db.example:7687): RingScope uses that server and does not manage it.',
      );
    }
  });
});

describe('ringscope stats', () => {
  it('prints JSON on stdout whose node and relationship counts match what was loaded', async () => {
    const loaded = await runCli([
      'load',
      'test/fixtures/small',
      '--online',
      '--rejects',
      path.join(tmp, 'stats-rejects.csv'),
    ]);
    expect(loaded.code).toBe(0);
    const result = await runCli(['stats', '--json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout) as {
      nodes: Record<string, number>;
      relationships: Record<string, number>;
    };
    expect(stats.nodes).toMatchObject(SMALL_FIXTURE_GRAPH.nodes);
    expect(stats.relationships).toMatchObject(SMALL_FIXTURE_GRAPH.relationships);
    expect(stats).toEqual(await graphStats(db));
  });

  it('prints an empty graph as JSON with no node counts after a wipe', async () => {
    const result = await runCli(['stats', '--json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout) as { nodes: Record<string, number> };
    expect(Object.values(stats.nodes).every((count) => count === 0)).toBe(true);
  });
});

describe('ringscope generate', () => {
  it('exits 1 with a usage error naming --accounts and its minimum of 100, and creates no folder', async () => {
    const out = path.join(tmp, 'too-small');
    const result = await runCli(['generate', out, '--accounts', '50']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'ringscope: generate: --accounts: at least 100.\nUsage:\n  ringscope generate OUTDIR',
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('says what a number flag lacks: a number for a word or an empty value, a whole one, one in range; a dash value needs --flag=', async () => {
    const word = await runCli(['generate', path.join(tmp, 'x'), '--accounts', 'abc']);
    expect(word.code).toBe(1);
    expect(word.stderr).toMatch(/^ringscope: generate: --accounts: expected a number\.\nUsage:/);
    const dash = await runCli(['generate', path.join(tmp, 'x'), '--accounts', '-5']);
    expect(dash.code).toBe(1);
    expect(dash.stderr).toContain("use '--accounts=-XYZ'.\nUsage:");
    const empty = await runCli(['generate', path.join(tmp, 'x'), '--accounts=']);
    expect(empty.stderr).toMatch(
      /^ringscope: generate: --accounts: a number, not an empty value\.\n/,
    );
    const huge = await runCli(['generate', path.join(tmp, 'x'), '--seed', '99999999999999999999']);
    expect(huge.stderr).toMatch(/^ringscope: generate: --seed: at most 9,007,199,254,740,991\.\n/);
    const fraction = await runCli(['generate', path.join(tmp, 'x'), '--accounts', '150.5']);
    expect(fraction.stderr).toMatch(/^ringscope: generate: --accounts: a whole number\.\n/);
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('says when a marketplace is too small to hold any ring, and from what size they come', async () => {
    const result = await runCli(['generate', path.join(tmp, 'tiny'), '--accounts', '100']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'No rings planted: rings start at 200 accounts (one of each kind; at least four of each from 2,000).',
    );
    const planted = await runCli(['generate', path.join(tmp, 'small'), '--accounts', '200']);
    expect(planted.stderr).not.toContain('No rings planted');
  });

  it('exits 1 naming the flag when an unknown flag is given', async () => {
    const result = await runCli(['generate', path.join(tmp, 'x'), '--acounts', '500']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ringscope: generate: .*--acounts.*\nUsage:\n {2}ringscope generate /m,
    );
  });
});

describe('ringscope help', () => {
  it('exits 0 and prints the usage of every command on stdout (so it pipes into less)', async () => {
    const result = await runCli(['help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const command of [
      'start',
      'db start|stop|status',
      'generate OUTDIR',
      'load DIR',
      'stats [--json]',
    ]) {
      expect(result.stdout).toContain(`ringscope ${command}`);
    }
    expect((await runCli(['--help'])).stdout).toBe(result.stdout);
  });

  it('prints the usage on stderr and exits 1 when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ringscope load DIR');
  });

  it('prints only the usage of one command for COMMAND --help on stdout and exits 0', async () => {
    const result = await runCli(['load', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ringscope load DIR [--rejects FILE] [--online] [--json]');
    expect(result.stdout).not.toContain('ringscope generate');
  });

  it('names a missing or an extra argument in words instead of zod array sizes', async () => {
    const missing = await runCli(['db']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'ringscope: db: an argument is missing.\nUsage:\n  ringscope db start|stop|status',
    );
    const extra = await runCli(['stats', 'extra']);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain("ringscope: stats: unexpected argument 'extra'.");
    const extras = await runCli(['load', 'a', 'b', 'c']);
    expect(extras.stderr).toContain("ringscope: load: unexpected arguments 'b', 'c'.");
    const wrong = await runCli(['db', 'frob']);
    expect(wrong.stderr).toContain(
      "ringscope: db: argument 'frob': expected start, stop or status.",
    );
    for (const result of [missing, extra, extras, wrong])
      expect(result.stderr).not.toMatch(/too (small|big)/i);
  });

  it('exits 1 with the usage after naming an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ringscope: unknown command 'frobnicate'.");
    expect(result.stderr).toContain('Usage:');
  });
});
