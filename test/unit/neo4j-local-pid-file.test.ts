import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dbCommand } from '../../server/cli/db.ts';
import { type Config, readConfig } from '../../server/config.ts';
import { type LocalLayout, localLayout } from '../../server/neo4j-local/layout.ts';
import {
  commandLineOf,
  inspectPidFile,
  isAlive,
  isInstanceCommandLine,
  localStatus,
  otherUserMessage,
  processPresence,
  signalProcess,
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

/** Stands in for Neo4j: same entry point and folders in its arguments, exits on SIGTERM. */
function startFakeServer(): Promise<ChildProcess> {
  return start(process.execPath, [
    '-e',
    'setInterval(() => {}, 1000)',
    'org.neo4j.server.CommunityEntryPoint',
    `--home-dir=${layout.instanceDir}`,
    `--config-dir=${layout.confDir}`,
  ]);
}

/** A pid that was just a process's and names none now. */
async function exitedPid(): Promise<number> {
  const gone = await start('true', []);
  await new Promise((resolve) => gone.once('exit', resolve));
  return gone.pid ?? -1;
}

/** Makes the signals to `pid` that `when` picks fail with `code`, as the system would. */
function failSignals(
  pid: number,
  code: 'EPERM' | 'ESRCH',
  when = (_signal?: string | number) => true,
) {
  const kill = process.kill.bind(process);
  vi.spyOn(process, 'kill').mockImplementation((target, signal) => {
    if (target === pid && when(signal)) {
      throw Object.assign(new Error(`kill ${code}`), { code, syscall: 'kill' });
    }
    return kill(target, signal);
  });
}

/** Makes every signal to `pid` fail as it does for another user's process. */
function asAnotherUsersProcess(pid: number): void {
  failSignals(pid, 'EPERM');
}

/**
 * Whether pid 1 belongs to a user other than this one (signal 0 to it then fails with EPERM).
 * Without /proc/1 to look at (macOS; or hidden by hidepid, so not ours), it is root's.
 */
function initIsAnotherUsers(): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  const owner = fs.existsSync('/proc/1') ? fs.statSync('/proc/1').uid : 0;
  return owner !== uid;
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
  vi.restoreAllMocks();
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
    const fake = await startFakeServer();
    writePidFile(fake.pid ?? -1);
    expect(inspectPidFile(layout)).toEqual({ kind: 'ours', pid: fake.pid });
    const exited = new Promise((resolve) => fake.once('exit', (_code, signal) => resolve(signal)));
    expect(await stopLocal(local, 10)).toEqual({ stopped: true, pid: fake.pid });
    expect(await exited).toBe('SIGTERM');
    expect(fs.existsSync(layout.pidFile)).toBe(false);
  });

  it('treats a pid file of a process that has exited, or one without a number, as stale', async () => {
    const gone = await exitedPid();
    writePidFile(gone);
    expect(inspectPidFile(layout)).toEqual({
      kind: 'stale',
      why: `process ${gone} is no longer running`,
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

  it('stops without an error when the server exits between the check and the signal (ESRCH): removes the pid file and says so', async () => {
    const fake = await startFakeServer();
    writePidFile(fake.pid ?? -1);
    // The check sees the live server; its SIGTERM finds it gone. A fake: a real signal to a
    // freed pid could reach whatever program has just been given that number.
    failSignals(fake.pid ?? -1, 'ESRCH', (signal) => signal === 'SIGTERM');
    const said: string[] = [];
    expect(await stopLocal(local, 2, (line) => said.push(line))).toEqual({
      stopped: false,
      pid: fake.pid,
    });
    expect(said).toEqual([
      `Neo4j (pid ${fake.pid}) exited on its own before it was signalled; removed its pid file.`,
    ]);
    expect(fs.existsSync(layout.pidFile)).toBe(false);
  });

  it('`ringscope db stop` follows that line with "had already stopped", and a missing server with "was not running"', async () => {
    const config = readConfig({ RINGSCOPE_HOME: home, RINGSCOPE_CACHE: path.join(home, 'cache') });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const fake = await startFakeServer();
    writePidFile(fake.pid ?? -1);
    failSignals(fake.pid ?? -1, 'ESRCH', (signal) => signal === 'SIGTERM');
    expect(await dbCommand(['stop'], config)).toBe(0);
    expect(await dbCommand(['stop'], config)).toBe(0);
    expect(written).toEqual([
      `Neo4j (pid ${fake.pid}) exited on its own before it was signalled; removed its pid file.\n`,
      'Neo4j had already stopped.\n',
      'Neo4j was not running.\n',
    ]);
  });
});

describe('signalProcess', () => {
  it('answers false, without throwing, when the process has exited (ESRCH)', async () => {
    const sleeper = await start('sleep', ['30']);
    failSignals(sleeper.pid ?? -1, 'ESRCH');
    expect(signalProcess(sleeper.pid ?? -1, 'SIGTERM')).toBe(false);
  });

  it('passes on any other failure, such as EPERM', async () => {
    const sleeper = await start('sleep', ['30']);
    asAnotherUsersProcess(sleeper.pid ?? -1);
    expect(() => signalProcess(sleeper.pid ?? -1, 'SIGTERM')).toThrow(
      expect.objectContaining({ code: 'EPERM' }),
    );
  });

  it('answers true once the signal is sent', async () => {
    const sleeper = await start('sleep', ['30']);
    const exited = new Promise((resolve) =>
      sleeper.once('exit', (_code, signal) => resolve(signal)),
    );
    expect(signalProcess(sleeper.pid ?? -1, 'SIGTERM')).toBe(true);
    expect(await exited).toBe('SIGTERM');
  });
});

describe('a pid file naming a live process of another user (EPERM)', () => {
  // Only when pid 1 is another user's: in a container run as a non-root user it is that user's.
  it.runIf(initIsAnotherUsers())('sees such a process as alive, not gone', () => {
    expect(processPresence(1)).toBe('another user');
    expect(isAlive(1)).toBe(true);
  });

  // `db start` asks localStatus first, so it refuses the same way.
  it('keeps the file of another user’s server of this instance; status and stop refuse, naming it, and never signal it', async () => {
    const fake = await startFakeServer();
    writePidFile(fake.pid ?? -1);
    asAnotherUsersProcess(fake.pid ?? -1);
    expect(inspectPidFile(layout)).toEqual({ kind: 'another user', pid: fake.pid });
    const refusal = {
      code: 'NEO4J_OTHER_USER',
      message: expect.stringContaining(
        `(pid ${fake.pid}) runs as another user, so this one can neither use nor stop it; its pid file ${layout.pidFile} was left in place.`,
      ),
    };
    await expect(stopLocal(local, 2)).rejects.toMatchObject(refusal);
    await expect(localStatus(local)).rejects.toMatchObject(refusal);
    expect(fs.readFileSync(layout.pidFile, 'utf8').trim()).toBe(String(fake.pid));
    vi.restoreAllMocks();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stillRunning(fake)).toBe(true);
  });

  it('names the remedy for a pid the system hides (hidepid) that is no Neo4j at all: deleting the pid file', () => {
    expect(otherUserMessage(layout, 4242)).toBe(
      `The Neo4j of ${layout.instanceDir} (pid 4242) runs as another user, so this one can neither use nor stop it; its pid file ${layout.pidFile} was left in place. Stop it as that user (\`ringscope db stop\`), or point RINGSCOPE_HOME at a folder of your own. If no Neo4j of this folder is running (e.g. after a reboot, when pid 4242 may have gone to another user's program), delete ${layout.pidFile}.`,
    );
  });

  it('still removes the file when that process is some other program', async () => {
    const sleeper = await start('sleep', ['30']);
    writePidFile(sleeper.pid ?? -1);
    asAnotherUsersProcess(sleeper.pid ?? -1);
    expect(inspectPidFile(layout)).toMatchObject({
      kind: 'stale',
      why: expect.stringContaining(`pid ${sleeper.pid} now belongs to another program (sleep 30)`),
    });
    expect(await stopLocal(local, 2)).toEqual({ stopped: false });
    expect(fs.existsSync(layout.pidFile)).toBe(false);
  });
});
