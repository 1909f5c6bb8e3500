import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, readConfig } from '../../server/config.ts';
import { type LocalLayout, localLayout } from '../../server/neo4j-local/layout.ts';
import {
  commandLineOf,
  inspectPidFile,
  isAlive,
  isInstanceCommandLine,
  localStatus,
  stopLocal,
} from '../../server/neo4j-local/process.ts';

let home: string;
let local: Config['local'];
let layout: LocalLayout;
const children: ChildProcess[] = [];

function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}

function writePidFile(pid: number | string): void {
  fs.mkdirSync(layout.runDir, { recursive: true });
  fs.writeFileSync(layout.pidFile, `${pid}\n`);
}

function stillRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && isAlive(child.pid ?? -1);
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-pid-'));
  local = readConfig({ RINGSCOPE_HOME: home, RINGSCOPE_CACHE: path.join(home, 'cache') }).local;
  layout = localLayout(local);
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
});

describe('isInstanceCommandLine', () => {
  const layout = localLayout(
    readConfig({ RINGSCOPE_HOME: '/srv/rs', RINGSCOPE_CACHE: '/srv/cache' }).local,
  );
  const server =
    'java -Xms2g -Xmx2g -cp /srv/cache/x/plugins/*:/srv/cache/x/lib/* org.neo4j.server.CommunityEntryPoint --home-dir=/srv/rs/neo4j --config-dir=/srv/rs/neo4j/conf --console-mode';

  it("recognises this instance's server by its entry point, home and conf folders", () => {
    expect(isInstanceCommandLine(server, layout)).toBe(true);
  });

  it.each([
    ['an unrelated program', 'sleep 30'],
    ['an empty command line (a zombie)', ''],
    ['another instance’s Neo4j', server.replaceAll('/srv/rs/', '/srv/other/')],
    [
      'a Neo4j in a folder whose name only starts like this one',
      server.replaceAll('/srv/rs/neo4j', '/srv/rs/neo4j2'),
    ],
    [
      'neo4j-admin on the same folders',
      server.replace('org.neo4j.server.CommunityEntryPoint', 'org.neo4j.cli.AdminTool'),
    ],
    [
      'an editor with the folder in its arguments',
      'vim /srv/rs/neo4j/conf/neo4j.conf --home-dir=/srv/rs/neo4j',
    ],
  ])('rejects %s', (_name, commandLine) => {
    expect(isInstanceCommandLine(commandLine, layout)).toBe(false);
  });
});

describe('the pid file (server/neo4j-local/process.ts)', () => {
  it('reads a live process’s arguments from the system', async () => {
    const child = await start('sleep', ['30']);
    expect(commandLineOf(child.pid ?? -1)).toBe('sleep 30');
  });

  it('never signals a live process that is not this instance’s Neo4j: stop leaves it running, removes the pid file and says so', async () => {
    const sleeper = await start('sleep', ['30']);
    writePidFile(sleeper.pid ?? -1);
    expect(inspectPidFile(layout)).toMatchObject({ kind: 'stale' });
    const said: string[] = [];
    const result = await stopLocal(local, 2, (line) => said.push(line));
    expect(result).toEqual({ stopped: false });
    // Give a stray signal time to land before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stillRunning(sleeper)).toBe(true);
    expect(fs.existsSync(layout.pidFile)).toBe(false);
    expect(said).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Removed the stale pid file .*: pid ${sleeper.pid} now belongs to another program \\(sleep 30\\), not to this instance's Neo4j; that program was left alone\\.$`,
        ),
      ),
    ]);
  });

  it('reports a foreign pid as not running in status, without signalling it', async () => {
    const sleeper = await start('sleep', ['30']);
    writePidFile(sleeper.pid ?? -1);
    const said: string[] = [];
    expect(await localStatus(local, (line) => said.push(line))).toMatchObject({ running: false });
    expect(stillRunning(sleeper)).toBe(true);
    expect(fs.existsSync(layout.pidFile)).toBe(false);
    expect(said).toHaveLength(1);
  });

  it('stops a process whose command line is this instance’s server', async () => {
    // Stands in for Neo4j: same entry point and folders in its arguments, exits on SIGTERM.
    const fake = await start(process.execPath, [
      '-e',
      'setInterval(() => {}, 1000)',
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${layout.instanceDir}`,
      `--config-dir=${layout.confDir}`,
    ]);
    writePidFile(fake.pid ?? -1);
    expect(inspectPidFile(layout)).toEqual({ kind: 'ours', pid: fake.pid });
    const exited = new Promise((resolve) => fake.once('exit', (_code, signal) => resolve(signal)));
    expect(await stopLocal(local, 10)).toEqual({ stopped: true, pid: fake.pid });
    expect(await exited).toBe('SIGTERM');
    expect(fs.existsSync(layout.pidFile)).toBe(false);
  });

  it('treats a pid file of a process that has exited, or one without a number, as stale', async () => {
    const gone = await start('true', []);
    await new Promise((resolve) => gone.once('exit', resolve));
    writePidFile(gone.pid ?? -1);
    expect(inspectPidFile(layout)).toEqual({
      kind: 'stale',
      why: `process ${gone.pid} is no longer running (or is another user's)`,
    });
    writePidFile('not-a-pid');
    expect(inspectPidFile(layout)).toEqual({
      kind: 'stale',
      why: 'it holds "not-a-pid", not a process id',
    });
    expect(await stopLocal(local, 1)).toEqual({ stopped: false });
    expect(fs.existsSync(layout.pidFile)).toBe(false);
  });

  it('reports a missing pid file as absent', () => {
    expect(inspectPidFile(layout)).toEqual({ kind: 'absent' });
  });
});
