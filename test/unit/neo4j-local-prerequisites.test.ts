import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APT_TIMEOUT_MINUTES,
  aptProblems,
  ensurePrerequisites,
  installFailureMessage,
  manualInstallCommand,
  prerequisitePlan,
  type Toolchain,
} from '../../server/neo4j-local/prerequisites.ts';

const debianRoot: Toolchain = {
  java: { kind: 'missing' },
  mavenMissing: true,
  root: true,
  aptGet: true,
};

describe('prerequisitePlan (what `ringscope db start` does about a missing Java or Maven)', () => {
  it('does nothing when Java 17/21 is there and Maven is there or not needed', () => {
    expect(prerequisitePlan({ ...debianRoot, java: { kind: 'ok' }, mavenMissing: false })).toEqual({
      action: 'none',
    });
    expect(
      prerequisitePlan({ ...debianRoot, java: { kind: 'ok' }, mavenMissing: undefined }),
    ).toEqual({ action: 'none' });
  });

  it('as root on Debian/Ubuntu: apt-get update, then a non-interactive install of both packages', () => {
    const plan = prerequisitePlan(debianRoot);
    expect(plan).toMatchObject({
      action: 'install',
      packages: ['openjdk-17-jre-headless', 'maven'],
      commands: [
        ['apt-get', '-q', '-o', 'DPkg::Lock::Timeout=300', 'update'],
        [
          'env',
          'DEBIAN_FRONTEND=noninteractive',
          'apt-get',
          '-q',
          '-y',
          '--no-install-recommends',
          '-o',
          'DPkg::Lock::Timeout=300',
          'install',
          'openjdk-17-jre-headless',
          'maven',
        ],
      ],
    });
    expect(plan.action === 'install' && plan.announce).toMatch(
      /^Java was not found on PATH .*; Maven .* was not found on PATH\. Installing openjdk-17-jre-headless and maven with apt-get \(output shown only if it fails; stopped after 10 minutes\); this takes a minute or two…$/,
    );
  });

  it('as root, installs only what is missing', () => {
    const javaOnly = prerequisitePlan({ ...debianRoot, mavenMissing: false });
    expect(javaOnly).toMatchObject({ action: 'install', packages: ['openjdk-17-jre-headless'] });
    expect(javaOnly.action === 'install' && javaOnly.commands[1]?.at(-1)).toBe(
      'openjdk-17-jre-headless',
    );
    const mavenOnly = prerequisitePlan({ ...debianRoot, java: { kind: 'ok' } });
    expect(mavenOnly).toMatchObject({ action: 'install', packages: ['maven'] });
  });

  it('as any other user, even one sudo would let in: fails with the exact command to run, only the missing packages', () => {
    const plan = prerequisitePlan({ ...debianRoot, root: false });
    expect(plan).toMatchObject({ action: 'fail', code: 'JAVA_MISSING' });
    expect(plan.action === 'fail' && plan.message).toContain(
      'RingScope installs packages only when it runs as root, so run:\n  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless maven\nthen start again, or set NEO4J_URI to use an existing Neo4j.',
    );
    expect(prerequisitePlan({ ...debianRoot, java: { kind: 'ok' }, root: false })).toMatchObject({
      action: 'fail',
      code: 'MAVEN_MISSING',
      message: expect.stringContaining(
        'so run:\n  sudo apt-get update && sudo apt-get install -y maven\n',
      ),
    });
    expect(prerequisitePlan({ ...debianRoot, mavenMissing: false, root: false })).toMatchObject({
      message: expect.stringContaining(
        'so run:\n  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n',
      ),
    });
  });

  it('without apt-get: fails naming what to install with other package managers', () => {
    const plan = prerequisitePlan({ ...debianRoot, aptGet: false });
    expect(plan).toMatchObject({ action: 'fail', code: 'JAVA_MISSING' });
    expect(plan.action === 'fail' && plan.message).toContain(
      'This machine has no apt-get, so install a Java 17 runtime and Maven with its package manager (for example `sudo dnf install java-17-openjdk-headless maven` or `brew install openjdk@17 maven`)',
    );
  });

  it('never replaces a Java of another version by itself (that would change the default java of the machine): says how instead', () => {
    const unsupported = { ...debianRoot, java: { kind: 'unsupported', major: 11 } } as const;
    const plan = prerequisitePlan({ ...unsupported, root: false });
    expect(plan).toMatchObject({ action: 'fail', code: 'JAVA_VERSION' });
    expect(plan.action === 'fail' && plan.message).toMatch(
      /^Neo4j 5\.26 runs on Java 17 or 21, but `java -version` reports 11; .*\n {2}sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless maven && sudo update-alternatives --config java\n/,
    );
    // Root needs no sudo, and a container may not have it.
    expect(prerequisitePlan(unsupported)).toMatchObject({
      action: 'fail',
      message: expect.stringContaining(
        '\n  apt-get update && apt-get install -y openjdk-17-jre-headless maven && update-alternatives --config java\n',
      ),
    });
  });
});

describe('manualInstallCommand', () => {
  it('prefixes sudo unless asked not to', () => {
    expect(manualInstallCommand(['maven'])).toBe(
      'sudo apt-get update && sudo apt-get install -y maven',
    );
    expect(manualInstallCommand(['maven'], false)).toBe(
      'apt-get update && apt-get install -y maven',
    );
  });
});

describe('a failed install: aptProblems and installFailureMessage', () => {
  // What `apt-get -q update` prints without a network: warnings only, and exit code 0.
  const offlineUpdate = [
    'Err:1 http://deb.debian.org/debian bookworm InRelease',
    "  Temporary failure resolving 'deb.debian.org'",
    'Reading package lists...',
    "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'",
    'W: Some index files failed to download. They have been ignored, or old ones used instead.',
    '',
  ].join('\n');

  it('keeps only apt’s W: and E: lines, at most ten and a count of the rest', () => {
    expect(aptProblems(offlineUpdate)).toEqual([
      "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'",
      'W: Some index files failed to download. They have been ignored, or old ones used instead.',
    ]);
    expect(aptProblems('Hit:1 http://deb.debian.org/debian bookworm InRelease\n')).toEqual([]);
    const many = Array.from({ length: 12 }, (_, i) => `E: problem ${i}`).join('\n');
    expect(aptProblems(many)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `E: problem ${i}`),
      '(2 more lines like these)',
    ]);
  });

  const install = ['apt-get', '-q', '-y', 'install', 'openjdk-17-jre-headless'];
  const packages = ['openjdk-17-jre-headless'];

  it('puts the warnings of an update that "succeeded" offline before the install’s "Unable to locate package"', () => {
    expect(
      installFailureMessage({
        command: install,
        why: 'exit code 100',
        output: 'Reading package lists...\nE: Unable to locate package openjdk-17-jre-headless\n',
        packages,
        updateProblems: aptProblems(offlineUpdate),
      }),
    ).toBe(
      [
        '`apt-get -q -y install openjdk-17-jre-headless` failed (exit code 100), so openjdk-17-jre-headless could not be installed.',
        '`apt-get update` had reported (a "Failed to fetch" means the package lists could not be downloaded: check the network, proxy or mirror first):',
        "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'",
        'W: Some index files failed to download. They have been ignored, or old ones used instead.',
        'Fix what it reports and run:',
        '  apt-get update && apt-get install -y openjdk-17-jre-headless',
        'then start again, or set NEO4J_URI to use an existing Neo4j. Its output ends with:',
        'Reading package lists...',
        'E: Unable to locate package openjdk-17-jre-headless',
      ].join('\n'),
    );
  });

  it('without update warnings, says what failed and why (e.g. a timeout), and when it printed nothing', () => {
    expect(
      installFailureMessage({
        command: ['apt-get', 'update'],
        why: `stopped after ${APT_TIMEOUT_MINUTES} minutes without finishing`,
        output: '',
        packages,
        updateProblems: [],
      }),
    ).toBe(
      '`apt-get update` failed (stopped after 10 minutes without finishing), so openjdk-17-jre-headless could not be installed.\nFix what it reports and run:\n  apt-get update && apt-get install -y openjdk-17-jre-headless\nthen start again, or set NEO4J_URI to use an existing Neo4j. It printed nothing.',
    );
  });
});

describe('ensurePrerequisites on a PATH of stand-ins (the machine is never changed)', () => {
  const savedPath = process.env.PATH;
  const savedFrontend = process.env.DEBIAN_FRONTEND;
  let bin = '';

  afterEach(() => {
    process.env.PATH = savedPath;
    if (savedFrontend === undefined) delete process.env.DEBIAN_FRONTEND;
    else process.env.DEBIAN_FRONTEND = savedFrontend;
    if (bin) fs.rmSync(bin, { recursive: true, force: true });
  });

  function fakeBin(scripts: Record<string, string>): string {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bin-'));
    for (const [name, body] of Object.entries(scripts)) {
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    process.env.PATH = bin;
    return bin;
  }

  const java17 = 'echo \'openjdk version "17.0.15" 2025-04-15\' >&2';

  it('does nothing and says nothing when java 17 and mvn answer', () => {
    fakeBin({ java: java17, mvn: 'echo "Apache Maven 3.8.7"' });
    const said: string[] = [];
    ensurePrerequisites({ maven: true }, (line) => said.push(line));
    expect(said).toEqual([]);
  });

  it('with no java and no apt-get on PATH, throws JAVA_MISSING and installs nothing', () => {
    fakeBin({});
    expect(() => ensurePrerequisites({ maven: false }, () => {})).toThrow(
      expect.objectContaining({
        code: 'JAVA_MISSING',
        message: expect.stringContaining('This machine has no apt-get'),
      }),
    );
  });

  /** Stand-ins that append their name and arguments to `calls` and succeed. */
  function recordingBin(names: string[]): { dir: string; calls: () => string[] } {
    const dir = fakeBin({});
    const record = path.join(dir, 'calls');
    for (const name of names) {
      fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $*" >> ${record}\n`, {
        mode: 0o755,
      });
    }
    const calls = () =>
      fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trimEnd().split('\n') : [];
    return { dir, calls };
  }

  // Not as root: there it would run the stand-in install instead.
  it.runIf(process.getuid?.() !== 0)(
    'as a user other than root, never calls sudo nor installs: throws with the command to run',
    () => {
      const bin = recordingBin(['apt-get', 'sudo']);
      expect(() => ensurePrerequisites({ maven: false }, () => {})).toThrow(
        expect.objectContaining({
          code: 'JAVA_MISSING',
          message: expect.stringContaining(
            'sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n',
          ),
        }),
      );
      expect(bin.calls()).toEqual(['apt-get --version']);
    },
  );

  // Only as root: as another user with password-less sudo it would run the real apt-get.
  it.runIf(process.getuid?.() === 0)(
    'as root, runs apt-get update then install, says so, and checks java and mvn again afterwards',
    () => {
      const dir = fakeBin({});
      const record = path.join(dir, 'apt-get.calls');
      // The stand-in apt-get records its arguments and, on install, "installs" java and mvn.
      fs.writeFileSync(
        path.join(dir, 'apt-get'),
        `#!/bin/sh
case "$*" in --version) exit 0;; esac
echo "$DEBIAN_FRONTEND $*" >> ${record}
case "$*" in *install*)
  printf '#!/bin/sh\\n${java17.replace(/'/g, "'\\''")}\\n' > ${dir}/java
  printf '#!/bin/sh\\necho Maven\\n' > ${dir}/mvn
  /bin/chmod 755 ${dir}/java ${dir}/mvn;;
esac
`,
        { mode: 0o755 },
      );
      fs.writeFileSync(path.join(dir, 'env'), '#!/bin/sh\nexport "$1"; shift; exec "$@"\n', {
        mode: 0o755,
      });
      // The install must not depend on what the caller's environment says.
      process.env.DEBIAN_FRONTEND = 'dialog';
      const said: string[] = [];
      ensurePrerequisites({ maven: true }, (line) => said.push(line));
      expect(fs.readFileSync(record, 'utf8').split('\n')).toEqual([
        'dialog -q -o DPkg::Lock::Timeout=300 update',
        'noninteractive -q -y --no-install-recommends -o DPkg::Lock::Timeout=300 install openjdk-17-jre-headless maven',
        '',
      ]);
      expect(said[0]).toMatch(/Installing openjdk-17-jre-headless and maven with apt-get/);
      expect(said.at(-1)).toBe('Installed openjdk-17-jre-headless and maven.');
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'reports a failed apt-get with PREREQUISITE_INSTALL, the command to run and its output',
    () => {
      fakeBin({
        'apt-get': 'echo "E: Unable to locate package openjdk-17-jre-headless" >&2; exit 100',
      });
      expect(() => ensurePrerequisites({ maven: false }, () => {})).toThrow(
        expect.objectContaining({
          code: 'PREREQUISITE_INSTALL',
          message: expect.stringMatching(
            /^`apt-get -q -o DPkg::Lock::Timeout=300 update` failed \(exit code 100\), so openjdk-17-jre-headless could not be installed\.\nFix what it reports and run:\n {2}apt-get update && apt-get install -y openjdk-17-jre-headless\n.*\nE: Unable to locate package openjdk-17-jre-headless$/s,
          ),
        }),
      );
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'when an offline update exits 0 and the install then fails, the error carries the update’s warnings',
    () => {
      const dir = fakeBin({});
      fs.writeFileSync(
        path.join(dir, 'apt-get'),
        `#!/bin/sh
case "$*" in
  --version) exit 0;;
  *update) echo "Err:1 http://deb.debian.org/debian bookworm InRelease"
    echo "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease" >&2; exit 0;;
  *) echo "E: Unable to locate package openjdk-17-jre-headless" >&2; exit 100;;
esac
`,
        { mode: 0o755 },
      );
      fs.writeFileSync(path.join(dir, 'env'), '#!/bin/sh\nshift; exec "$@"\n', { mode: 0o755 });
      const said: string[] = [];
      expect(() => ensurePrerequisites({ maven: false }, (line) => said.push(line))).toThrow(
        expect.objectContaining({
          code: 'PREREQUISITE_INSTALL',
          message: expect.stringMatching(
            /^`env DEBIAN_FRONTEND=noninteractive apt-get .* install openjdk-17-jre-headless` failed \(exit code 100\), .*\n`apt-get update` had reported .*:\nW: Failed to fetch http:\/\/deb\.debian\.org\/debian\/dists\/bookworm\/InRelease\nFix what it reports.*\nE: Unable to locate package openjdk-17-jre-headless$/s,
          ),
        }),
      );
      // Said before anything runs: the output stays hidden until it fails.
      expect(said[0]).toMatch(
        /with apt-get \(output shown only if it fails; stopped after 10 minutes\)/,
      );
      expect(said.slice(1)).toEqual([
        '  $ apt-get -q -o DPkg::Lock::Timeout=300 update',
        expect.stringMatching(
          /^ {2}\$ env DEBIAN_FRONTEND=noninteractive apt-get .* install openjdk-17-jre-headless$/,
        ),
      ]);
    },
  );
});
