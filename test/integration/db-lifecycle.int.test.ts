import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Config, readConfig } from '../../server/config.ts';
import { canConnect } from '../../server/db/driver.ts';
import { Db } from '../../server/db/run.ts';
import { declaresProcedures } from '../../server/neo4j-local/jar-scan.ts';
import { localLayout } from '../../server/neo4j-local/layout.ts';
import {
  freePort,
  holdingStartLock,
  isAlive,
  javaArgumentFile,
  localStatus,
  type StartResult,
  startLocal,
  stopLocal,
} from '../../server/neo4j-local/process.ts';
import { createTestServer, execute } from '../helpers/api.ts';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { openTestDb, testConnection } from '../helpers/neo4j.ts';

/** One program this file's code started: its argv and environment, and any @argument file's text. */
type Spawned = {
  argv: string[];
  /** What the program started with: options.env, or else this process's environment. */
  env: NodeJS.ProcessEnv;
  argumentFiles: { text: string; mode: number }[];
};
const spawned = vi.hoisted((): Spawned[] => []);

// Passes every call through, noting what each program was handed while its @files still exist.
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const { readFileSync, statSync } = await import('node:fs');
  const note = (command: string, args: unknown, options: unknown) => {
    const argv = Array.isArray(args) ? args.map(String) : [];
    spawned.push({
      argv: [command, ...argv],
      // A copy taken now: a spawn without options.env inherits process.env as it is at that moment.
      env: { ...((options as { env?: NodeJS.ProcessEnv } | undefined)?.env ?? process.env) },
      argumentFiles: argv
        .filter((arg) => arg.startsWith('@'))
        .map((arg) => ({
          text: readFileSync(arg.slice(1), 'utf8'),
          mode: statSync(arg.slice(1)).mode & 0o777,
        })),
    });
  };
  const spawn = (command: string, args?: unknown, options?: unknown) => {
    note(command, args, options);
    return Reflect.apply(actual.spawn, undefined, [command, args, options]);
  };
  const spawnSync = (command: string, args?: unknown, options?: unknown) => {
    note(command, args, options);
    return Reflect.apply(actual.spawnSync, undefined, [command, args, options]);
  };
  return { ...actual, spawn, spawnSync };
});

/** Empty when global setup used NEO4J_URI's server: there is no local instance to manage then. */
const sharedEnv = inject('ringscopeEnv');
const managesLocal = Object.keys(sharedEnv).length > 0;

const homes: string[] = [];
function privateLocal(port: number): Config['local'] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-lifecycle-'));
  homes.push(home);
  return readConfig({
    ...process.env,
    RINGSCOPE_HOME: home,
    RINGSCOPE_BOLT_PORT: String(port),
    RINGSCOPE_NEO4J_HEAP: '512m',
    RINGSCOPE_NEO4J_PAGECACHE: '256m',
  }).local;
}

const log: string[] = [];
const collect = (line: string) => {
  log.push(line);
};

describe.runIf(managesLocal)('the project’s own Neo4j (server/neo4j-local/process.ts)', () => {
  afterAll(() => {
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  });

  it('reuses the instance global setup started: same URI, reused: true, its pid alive', async () => {
    const shared = readConfig({ ...process.env, ...sharedEnv });
    const started = await startLocal(shared.local, collect);
    expect(started.reused).toBe(true);
    expect(started.connection.uri).toBe(testConnection().uri);
    expect(started.connection.password).toBe(testConnection().password);
    expect(isAlive(started.pid)).toBe(true);
    const status = await localStatus(shared.local);
    expect(status.running).toBe(true);
  });

  it('keeps only jars that declare procedures in plugins/, and every APOC and GDS procedure registers from them', async () => {
    const local = readConfig({ ...process.env, ...sharedEnv }).local;
    const layout = localLayout(local);
    const plugins = fs.readdirSync(layout.pluginsDir);
    const libraries = fs.readdirSync(layout.pluginLibDir);
    expect(plugins).toContain(`apoc-core-${local.apocVersion}.jar`);
    expect(plugins.filter((jar) => !declaresProcedures(path.join(layout.pluginsDir, jar)))).toEqual(
      [],
    );
    expect(libraries.length).toBeGreaterThan(50);
    expect(
      libraries.filter((jar) => declaresProcedures(path.join(layout.pluginLibDir, jar))),
    ).toEqual([]);
    const db = openTestDb();
    try {
      const rows = await db.read<{ plugin: string; registered: number }>('plugin-procedures');
      const registered = Object.fromEntries(rows.map((row) => [row.plugin, row.registered]));
      // What APOC core 5.26.19 and GDS 2.13.9 register with every jar scanned in plugins/.
      expect(registered).toEqual({ apoc: 190, gds: 411 });
    } finally {
      await db.close();
    }
  });

  describe('a second private instance', () => {
    let local: Config['local'];
    let started: StartResult;
    /** An unrelated program whose pid is left in the pid file, as after a reboot. */
    let bystander: ChildProcess;
    const startLog: string[] = [];

    beforeAll(async () => {
      local = privateLocal(await freePort());
      bystander = spawn('sleep', ['600'], { stdio: 'ignore' });
      await new Promise((resolve) => bystander.once('spawn', resolve));
      const layout = localLayout(local);
      fs.mkdirSync(layout.runDir, { recursive: true });
      fs.writeFileSync(layout.pidFile, `${bystander.pid}\n`);
      started = await startLocal(local, (line) => startLog.push(line));
    });

    afterAll(async () => {
      bystander?.kill('SIGKILL');
      // Only reached with an instance still up when an assertion below failed early.
      if (started && isAlive(started.pid)) await stopLocal(local);
    });

    it('starts over a pid file left naming another program: says it removed it and leaves that program running', () => {
      expect(startLog).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^Removed the stale pid file .*: pid ${bystander.pid} now belongs to another program \\(sleep 600\\)`,
          ),
        ),
      );
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
      expect(started.pid).not.toBe(bystander.pid);
    });

    it('set the initial password through a 0600 @argument file it removed afterwards, never through an argv or environment', () => {
      const password = started.connection.password;
      expect(password).toMatch(/^[0-9a-f]{36}$/);
      const handedOver = spawned.filter((call) =>
        call.argumentFiles.some((file) => file.text.includes(password)),
      );
      expect(handedOver).toHaveLength(1);
      expect(handedOver[0]?.argv[0]).toBe('java');
      // AdminTool in the java that reads the file, not the neo4j-admin launcher that forks another.
      expect(handedOver[0]?.argumentFiles).toEqual([
        {
          text: javaArgumentFile([
            'org.neo4j.cli.AdminTool',
            'dbms',
            'set-initial-password',
            password,
          ]),
          mode: 0o600,
        },
      ]);
      for (const call of spawned) {
        expect(call.argv.join(' ')).not.toContain(password);
        expect(Object.values(call.env).join(' ')).not.toContain(password);
      }
      // The password reached Neo4j (the Bolt test below logs in with it) and no file is left.
      expect(
        fs.readdirSync(localLayout(local).runDir).filter((name) => name.startsWith('java-args-')),
      ).toEqual([]);
    });

    it('starts fresh on its own port and writes a password file only its owner can read', () => {
      expect(started.reused).toBe(false);
      expect(started.connection.uri).toBe(`bolt://127.0.0.1:${local.boltPort}`);
      expect(started.connection.uri).not.toBe(testConnection().uri);
      const layout = localLayout(local);
      expect(fs.statSync(layout.passwordFile).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(layout.passwordFile, 'utf8').trim()).toBe(started.connection.password);
      expect(fs.readFileSync(layout.pidFile, 'utf8').trim()).toBe(String(started.pid));
    });

    it('answers queries on Bolt with the generated password and refuses a wrong one', async () => {
      const db = new Db(started.connection);
      try {
        await db.verify();
        expect(await db.read('stats/account-count')).toEqual([{ accounts: 0 }]);
      } finally {
        await db.close();
      }
      expect(await canConnect({ ...started.connection, password: 'wrong-password' })).toBe(false);
    });

    it('writes the memory settings it was given into neo4j.conf', () => {
      const conf = fs.readFileSync(path.join(localLayout(local).confDir, 'neo4j.conf'), 'utf8');
      expect(conf).toContain('server.memory.pagecache.size=256m');
      expect(conf).toContain(`server.bolt.listen_address=127.0.0.1:${local.boltPort}`);
    });

    it('reports running in localStatus while up, with the same connection', async () => {
      const status = await localStatus(local);
      expect(status).toMatchObject({
        running: true,
        pid: started.pid,
        connection: started.connection,
      });
    });

    it('stops cleanly: the process is gone, the log says Stopped., the pid file is removed and the status is not running', async () => {
      const layout = localLayout(local);
      const result = await stopLocal(local);
      expect(result).toEqual({ stopped: true, pid: started.pid });
      expect(isAlive(started.pid)).toBe(false);
      expect(bystander.exitCode).toBeNull();
      const logs = [layout.consoleLog, path.join(layout.logsDir, 'neo4j.log')]
        .filter((file) => fs.existsSync(file))
        .map((file) => fs.readFileSync(file, 'utf8'))
        .join('\n');
      expect(logs).toMatch(/\bStopped\./);
      expect(fs.existsSync(layout.pidFile)).toBe(false);
      expect((await localStatus(local)).running).toBe(false);
      expect(await canConnect(started.connection)).toBe(false);
    });

    it('reports nothing to stop when asked again', async () => {
      expect(await stopLocal(local)).toEqual({ stopped: false });
    });

    it('lets the API fail fast with SERVICE_UNAVAILABLE while it is down and serve again, on the same driver, once it is back; /ready follows it, /health stays up', async () => {
      const db = new Db(started.connection, { retryMs: 1000 });
      const yoga = createTestServer(db);
      const membership = '{ ringMembership(accountIds: ["A1"]) { id found } }';
      const probe = async (path: string) => {
        const response = await yoga.fetch(`http://yoga${path}`);
        return { status: response.status, body: await response.text() };
      };
      try {
        expect(await probe('/ready')).toEqual({
          status: 503,
          body: '{"ready":false,"reason":"Neo4j does not answer"}',
        });
        expect((await probe('/health')).status).toBe(200);
        const asked = Date.now();
        const down = await execute(yoga, membership, {}, 'service');
        const waitedMs = Date.now() - asked;
        expect(down.status).toBe(503);
        expect(down.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(down.body.errors?.[0]?.message).toMatch(/database is unavailable/);
        // The driver's default budget would keep a caller waiting about 30 s.
        expect(waitedMs).toBeLessThan(10_000);
        started = await startLocal(local, collect);
        const back = await execute(yoga, membership, {}, 'service');
        expect(back.body.errors).toBeUndefined();
        expect(back.body.data).toEqual({ ringMembership: [{ id: 'A1', found: false }] });
        expect(await probe('/ready')).toEqual({ status: 200, body: '{"ready":true}' });
      } finally {
        await db.close();
        await stopLocal(local);
      }
    });

    it('waits for a server of the folder that is still booting (a start cut short) and reuses it', async () => {
      const layout = localLayout(local);
      const first = startLocal(local, collect);
      while (!fs.existsSync(layout.pidFile))
        await new Promise((resolve) => setTimeout(resolve, 20));
      const booting = Number(fs.readFileSync(layout.pidFile, 'utf8'));
      const secondLog: string[] = [];
      try {
        const second = await startLocal(local, (line) => secondLog.push(line));
        expect(second).toMatchObject({ reused: true, pid: booting });
        expect(secondLog).toContain(
          `Neo4j (pid ${booting}) is running but does not answer yet; waiting for it to finish starting…`,
        );
        expect(await canConnect(second.connection)).toBe(true);
        expect((await first).pid).toBe(booting);
      } finally {
        await first.catch(() => undefined);
        await stopLocal(local);
      }
    });

    it('launches one server for two starts at once, over a start lock left by a program that died', async () => {
      const layout = localLayout(local);
      const dead = spawn('true');
      await new Promise((resolve) => dead.once('exit', resolve));
      fs.writeFileSync(path.join(layout.runDir, 'start.lock'), `${dead.pid}\n`);
      const both = await Promise.allSettled([
        startLocal(local, collect),
        startLocal(local, collect),
      ]);
      try {
        const [one, two] = both.map((result) => {
          if (result.status === 'rejected') throw result.reason;
          return result.value;
        });
        expect(one?.pid).toBe(two?.pid);
        expect([one?.reused, two?.reused].sort()).toEqual([false, true]);
        expect(Number(fs.readFileSync(layout.pidFile, 'utf8'))).toBe(one?.pid);
        expect(fs.existsSync(path.join(layout.runDir, 'start.lock'))).toBe(false);
      } finally {
        await stopLocal(local);
      }
    });

    /** The CLI's environment for the private instance. */
    const cliEnv = () => ({
      ...process.env,
      RINGSCOPE_HOME: local.home,
      RINGSCOPE_BOLT_PORT: String(local.boltPort),
      RINGSCOPE_NEO4J_HEAP: local.heap,
      RINGSCOPE_NEO4J_PAGECACHE: local.pageCache,
    });

    it("makes another process's start wait while a bulk load holds the start lock, then reuse the server the load starts again", async () => {
      const layout = localLayout(local);
      let other: Promise<CliResult> | undefined;
      let held: StartResult | undefined;
      try {
        await holdingStartLock(local, collect, async () => {
          other = runCli(['db', 'start'], cliEnv());
          await new Promise((resolve) => setTimeout(resolve, 4000));
          // Nobody launched a server on the store the holder would be importing.
          expect(fs.existsSync(layout.pidFile)).toBe(false);
          held = await startLocal(local, collect, true);
        });
        const result = await (other as Promise<CliResult>);
        expect(result.stderr).toContain('bulk-loading while it is stopped; waiting for it…');
        expect(result.code).toBe(0);
        expect(Number(fs.readFileSync(layout.pidFile, 'utf8'))).toBe(held?.pid);
        expect(fs.existsSync(path.join(layout.runDir, 'start.lock'))).toBe(false);
      } finally {
        await other;
        await stopLocal(local);
      }
    });

    it('refuses other commands while a live bulk load imports (BULK_RUNNING), and calls the import interrupted once its loader is gone', async () => {
      const loader = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], {
        stdio: 'ignore',
      });
      await new Promise((resolve) => loader.once('spawn', resolve));
      const marker = path.join(localLayout(local).instanceDir, 'bulk-import.pending');
      fs.writeFileSync(marker, `${JSON.stringify({ dir: '/data/x', pid: loader.pid })}\n`);
      try {
        const running = await runCli(['stats'], cliEnv());
        expect(running.code).toBe(1);
        expect(running.stderr).toBe(
          `ringscope: A bulk load of /data/x (pid ${loader.pid}) is importing into the local database; wait for it to finish (it starts Neo4j again when done).\n`,
        );
        loader.kill('SIGKILL');
        await new Promise((resolve) => loader.once('exit', resolve));
        const interrupted = await runCli(['stats'], cliEnv());
        expect(interrupted.code).toBe(1);
        expect(interrupted.stderr).toContain('A bulk import of /data/x was interrupted');
        expect(fs.existsSync(localLayout(local).pidFile)).toBe(false);
      } finally {
        loader.kill('SIGKILL');
        fs.rmSync(marker, { force: true });
      }
    });
  });

  it('refuses to start on a port another program listens on, with code PORT_TAKEN naming the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(0, '127.0.0.1', () => resolve());
    });
    try {
      const address = blocker.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const local = privateLocal(port);
      await expect(startLocal(local, collect)).rejects.toMatchObject({
        code: 'PORT_TAKEN',
        message: expect.stringContaining(`Port ${port} on 127.0.0.1 is taken`),
      });
      expect((await localStatus(local)).running).toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
