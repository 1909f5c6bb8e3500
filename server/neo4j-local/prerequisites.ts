import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { RingscopeError } from '../errors.ts';
import { lastLines } from './last-lines.ts';

/** Debian/Ubuntu's Java 17 runtime without X11 (Neo4j 5.26 runs on Java 17 or 21). */
export const JAVA_PACKAGE = 'openjdk-17-jre-headless';
export const MAVEN_PACKAGE = 'maven';

/**
 * How long one apt-get run may take before it is stopped. Its output is captured, so a stuck
 * download shows nothing on screen; above DPkg::Lock::Timeout (5 min) so a lock wait fits.
 */
export const APT_TIMEOUT_MINUTES = 10;

export type JavaState =
  | { kind: 'ok' }
  | { kind: 'missing' }
  | { kind: 'unsupported'; major?: number };

/** What this machine has and what it lets the process do about it. */
export type Toolchain = {
  java: JavaState;
  /** Maven is needed once, to assemble Neo4j from Maven Central; undefined when not needed. */
  mavenMissing?: boolean;
  /** Running as root (CI machines, containers): the only case in which packages get installed. */
  root: boolean;
  /** apt-get can be run (Debian, Ubuntu and their derivatives). */
  aptGet: boolean;
};

export type PrerequisitePlan =
  | { action: 'none' }
  | {
      action: 'install';
      packages: string[];
      /** Run in order; each an argv (no shell). */
      commands: string[][];
      announce: string;
    }
  | { action: 'fail'; code: string; message: string };

export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** The exact shell line a person would type to install `packages` on Debian/Ubuntu. */
export function manualInstallCommand(packages: readonly string[], sudo = true): string {
  const as = sudo ? 'sudo ' : '';
  return `${as}apt-get update && ${as}apt-get install -y ${packages.join(' ')}`;
}

function describeMissing(toolchain: Toolchain): string {
  const { java } = toolchain;
  const parts = [
    java.kind === 'missing'
      ? 'Java was not found on PATH (Neo4j 5.26 runs on Java 17 or 21)'
      : java.kind === 'unsupported'
        ? `Neo4j 5.26 runs on Java 17 or 21, but \`java -version\` reports ${java.major ?? 'an unknown version'}`
        : '',
    toolchain.mavenMissing
      ? 'Maven (`mvn`, needed once to download Neo4j from Maven Central) was not found on PATH'
      : '',
  ];
  return parts.filter(Boolean).join('; ');
}

const OTHER_SYSTEMS = {
  [JAVA_PACKAGE]: {
    what: 'a Java 17 runtime',
    dnf: 'java-17-openjdk-headless',
    brew: 'openjdk@17',
  },
  [MAVEN_PACKAGE]: { what: 'Maven', dnf: 'maven', brew: 'maven' },
} as const;

/**
 * Decides, without touching the machine, what to do about a missing Java and a missing Maven:
 * install the Debian packages with apt-get when running as root, else fail with the exact
 * command to run. sudo is never called: even a probe (`sudo -n true`) logs an incident for a
 * user outside sudoers, and installing system packages is the person's call. A Java of another
 * version is never "fixed" by installing 17: Debian's alternatives could then switch the
 * machine's default `java` under other programs, so that stays the person's choice.
 */
export function prerequisitePlan(toolchain: Toolchain): PrerequisitePlan {
  const packages: (keyof typeof OTHER_SYSTEMS)[] = [];
  if (toolchain.java.kind !== 'ok') packages.push(JAVA_PACKAGE);
  if (toolchain.mavenMissing) packages.push(MAVEN_PACKAGE);
  if (packages.length === 0) return { action: 'none' };
  const code =
    toolchain.java.kind === 'missing'
      ? 'JAVA_MISSING'
      : toolchain.java.kind === 'unsupported'
        ? 'JAVA_VERSION'
        : 'MAVEN_MISSING';
  const problem = describeMissing(toolchain);
  const alternative = 'or set NEO4J_URI to use an existing Neo4j';
  if (!toolchain.aptGet) {
    const wanted = packages.map((name) => OTHER_SYSTEMS[name]);
    return {
      action: 'fail',
      code,
      message: `${problem}. This machine has no apt-get, so install ${wanted.map((w) => w.what).join(' and ')} with its package manager (for example \`sudo dnf install ${wanted.map((w) => w.dnf).join(' ')}\` or \`brew install ${wanted.map((w) => w.brew).join(' ')}\`), put ${wanted.length > 1 ? 'them' : 'it'} first on PATH and start again, ${alternative}.`,
    };
  }
  if (toolchain.java.kind === 'unsupported') {
    // Root may have no sudo at all (a container), and needs none.
    const as = toolchain.root ? '' : 'sudo ';
    return {
      action: 'fail',
      code,
      message: `${problem}. Install Java 17 and make it the default \`java\` (this changes it for every program on the machine, so RingScope leaves it to you):\n  ${manualInstallCommand(packages, !toolchain.root)} && ${as}update-alternatives --config java\nor put a Java 17 or 21 first on PATH, then start again, ${alternative}.`,
    };
  }
  if (!toolchain.root) {
    return {
      action: 'fail',
      code,
      message: `${problem}. RingScope installs packages only when it runs as root, so run:\n  ${manualInstallCommand(packages)}\nthen start again, ${alternative}.`,
    };
  }
  // Waits for another apt/dpkg run to release its lock instead of failing at once.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  return {
    action: 'install',
    packages,
    commands: [
      ['apt-get', '-q', ...lock, 'update'],
      [
        // Through env(1), so the plan stays plain argv and the caller's environment is not read.
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        '-q',
        '-y',
        '--no-install-recommends',
        ...lock,
        'install',
        ...packages,
      ],
    ],
    announce: `${problem}. Installing ${packages.join(' and ')} with apt-get (output shown only if it fails; stopped after ${APT_TIMEOUT_MINUTES} minutes); this takes a minute or two…`,
  };
}

/**
 * Runs a program's version query; undefined when the spawn fails (ENOENT: not on PATH). The one
 * way this module tells whether a program exists: the spawn itself looks it up.
 */
function probe(program: string, args: string[]): SpawnSyncReturns<string> | undefined {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  return result.error ? undefined : result;
}

export function javaState(): JavaState {
  const result = probe('java', ['-version']);
  if (!result) return { kind: 'missing' };
  const major = javaMajorVersion(`${result.stderr}${result.stdout}`);
  return major === 17 || major === 21 ? { kind: 'ok' } : { kind: 'unsupported', major };
}

function mavenMissing(): boolean {
  return !probe('mvn', ['-v']);
}

/**
 * apt's warning and error lines (`W:`, `E:`). Kept from `apt-get update` even when it exits 0:
 * without a network it only warns (`W: Failed to fetch …`), and the install then fails with
 * "Unable to locate package", which says nothing about the cause.
 */
export function aptProblems(output: string, max = 10): string[] {
  const lines = output.split('\n').filter((line) => /^[WE]: /.test(line));
  return lines.length > max
    ? [...lines.slice(0, max), `(${lines.length - max} more lines like these)`]
    : lines;
}

/** The PREREQUISITE_INSTALL message: what failed and why, what update warned of, and the fix. */
export function installFailureMessage(failure: {
  command: readonly string[];
  /** e.g. 'exit code 100', or that it timed out. */
  why: string;
  output: string;
  packages: readonly string[];
  /** `apt-get update`'s W:/E: lines when it ran (and exited 0) before the failed command. */
  updateProblems: readonly string[];
}): string {
  const { packages } = failure;
  const update =
    failure.updateProblems.length > 0
      ? `\n\`apt-get update\` had reported (a "Failed to fetch" means the package lists could not be downloaded: check the network, proxy or mirror first):\n${failure.updateProblems.join('\n')}`
      : '';
  const output = lastLines(failure.output, 15);
  return `\`${failure.command.join(' ')}\` failed (${failure.why}), so ${packages.join(' and ')} could not be installed.${update}\nFix what it reports and run:\n  ${manualInstallCommand(packages, false)}\nthen start again, or set NEO4J_URI to use an existing Neo4j. ${output ? `Its output ends with:\n${output}` : 'It printed nothing.'}`;
}

/**
 * Makes sure Java 17/21 (always) and Maven (when Neo4j still has to be assembled) are on PATH,
 * installing them with apt-get when running as root on Debian/Ubuntu, so that `npm start` in a
 * fresh container or CI machine needs nothing installed by hand; anyone else gets the command.
 */
export function ensurePrerequisites(needs: { maven: boolean }, log: (line: string) => void): void {
  const java = javaState();
  const missingMaven = needs.maven && mavenMissing();
  if (java.kind === 'ok' && !missingMaven) return;
  const plan = prerequisitePlan({
    java,
    mavenMissing: missingMaven,
    root: process.getuid?.() === 0,
    aptGet: probe('apt-get', ['--version']) !== undefined,
  });
  if (plan.action === 'none') return;
  if (plan.action === 'fail') throw new RingscopeError(plan.code, plan.message);
  log(plan.announce);
  let updateProblems: string[] = [];
  for (const command of plan.commands) {
    log(`  $ ${command.join(' ')}`);
    const [program = '', ...args] = command;
    const result = spawnSync(program, args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: APT_TIMEOUT_MINUTES * 60 * 1000,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0) {
      const why =
        (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT'
          ? `stopped after ${APT_TIMEOUT_MINUTES} minutes without finishing`
          : (result.error?.message ?? `exit code ${result.status}`);
      throw new RingscopeError(
        'PREREQUISITE_INSTALL',
        installFailureMessage({ command, why, output, packages: plan.packages, updateProblems }),
      );
    }
    if (command.at(-1) === 'update') updateProblems = aptProblems(output);
  }
  const after = javaState();
  if (after.kind !== 'ok') {
    throw new RingscopeError(
      'JAVA_MISSING',
      `${JAVA_PACKAGE} was installed, but \`java -version\` still does not report Java 17 or 21. Put /usr/lib/jvm/java-17-openjdk-*/bin first on PATH and start again.`,
    );
  }
  if (needs.maven && mavenMissing()) {
    throw new RingscopeError(
      'MAVEN_MISSING',
      `${MAVEN_PACKAGE} was installed but \`mvn\` is still not on PATH. Put Maven's bin folder on PATH and start again.`,
    );
  }
  log(`Installed ${plan.packages.join(' and ')}.`);
}
