import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { resolveConnection } from '../../server/db/connect.ts';
import {
  markBulkImportPending,
  stopLeftoverImport,
} from '../../server/neo4j-local/admin-import.ts';
import { renderNeo4jConf } from '../../server/neo4j-local/conf.ts';
import { localLayout } from '../../server/neo4j-local/layout.ts';
import { javaMajorVersion } from '../../server/neo4j-local/prerequisites.ts';
import { generatePassword } from '../../server/neo4j-local/process.ts';

function settings(conf: string): Map<string, string> {
  return new Map(
    conf
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => {
        const eq = line.indexOf('=');
        return [line.slice(0, eq), line.slice(eq + 1)] as [string, string];
      }),
  );
}

describe('renderNeo4jConf', () => {
  const local = readConfig({
    RINGSCOPE_HOME: '/srv/rs',
    RINGSCOPE_CACHE: '/srv/cache',
    RINGSCOPE_BOLT_PORT: '17687',
  }).local;
  const layout = localLayout(local);
  const conf = renderNeo4jConf(layout, '256m');
  const values = settings(conf);

  it('listens on the loopback interface only, with Bolt on the configured port', () => {
    expect(values.get('server.default_listen_address')).toBe('127.0.0.1');
    expect(values.get('server.bolt.listen_address')).toBe('127.0.0.1:17687');
    expect(values.get('server.bolt.advertised_address')).toBe('127.0.0.1:17687');
    expect(conf).not.toMatch(/0\.0\.0\.0|::/);
  });

  it('turns the HTTP and HTTPS connectors off', () => {
    expect(values.get('server.http.enabled')).toBe('false');
    expect(values.get('server.https.enabled')).toBe('false');
  });

  it('keeps authentication on', () => {
    expect(values.get('dbms.security.auth_enabled')).toBe('true');
  });

  it('sets the page cache to the size it is given', () => {
    expect(values.get('server.memory.pagecache.size')).toBe('256m');
  });

  it('keeps data, logs, run files and import inside the instance folder and plugins in the shared distribution', () => {
    expect(values.get('server.directories.data')).toBe('/srv/rs/neo4j/data');
    expect(values.get('server.directories.logs')).toBe('/srv/rs/neo4j/logs');
    expect(values.get('server.directories.run')).toBe('/srv/rs/neo4j/run');
    expect(values.get('server.directories.import')).toBe('/srv/rs/neo4j/import');
    expect(values.get('server.directories.plugins')).toMatch(
      /^\/srv\/cache\/neo4j-community-5\.26\.30-.*\/plugins$/,
    );
  });

  it('does not report usage to Neo4j', () => {
    expect(values.get('dbms.usage_report.enabled')).toBe('false');
  });

  it('writes each setting once and ends with a newline', () => {
    const keys = conf
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => line.split('=')[0]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(conf.endsWith('\n')).toBe(true);
  });
});

describe('generatePassword', () => {
  it('never starts with a dash, which neo4j-admin would read as an option, and is long and unique', () => {
    const passwords = Array.from({ length: 2000 }, generatePassword);
    expect(passwords.filter((password) => password.startsWith('-'))).toEqual([]);
    expect(passwords.every((password) => /^[0-9a-f]{36}$/.test(password))).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});

describe('javaMajorVersion', () => {
  it.each([
    [
      17,
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\nOpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)\n',
    ],
    [
      21,
      'openjdk version "21.0.4" 2024-07-16 LTS\nOpenJDK Runtime Environment Temurin-21.0.4+7 (build 21.0.4+7-LTS)\nOpenJDK 64-Bit Server VM Temurin-21.0.4+7 (build 21.0.4+7-LTS, mixed mode, sharing)\n',
    ],
    [
      17,
      'java version "17.0.2" 2022-01-18 LTS\nJava(TM) SE Runtime Environment (build 17.0.2+8-LTS-86)\nJava HotSpot(TM) 64-Bit Server VM (build 17.0.2+8-LTS-86, mixed mode, sharing)\n',
    ],
    [
      8,
      'java version "1.8.0_402"\nJava(TM) SE Runtime Environment (build 1.8.0_402-b08)\nJava HotSpot(TM) 64-Bit Server VM (build 25.402-b08, mixed mode)\n',
    ],
    [
      8,
      'openjdk version "1.8.0_412"\nOpenJDK Runtime Environment (build 1.8.0_412-8u412-ga-1~deb12u1-b08)\nOpenJDK 64-Bit Server VM (build 25.412-b08, mixed mode)\n',
    ],
    [21, 'openjdk version "21" 2023-09-19\nOpenJDK Runtime Environment (build 21+35-2513)\n'],
    [
      17,
      'Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8\nopenjdk version "17.0.9" 2023-10-17\nOpenJDK Runtime Environment (build 17.0.9+9)\n',
    ],
  ])('reads major version %i from a real `java -version` output', (major, output) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it.each([
    '',
    'bash: java: command not found',
    'Error: could not find libjava.so\nError: Could not find Java SE Runtime Environment.',
    'openjdk version unknown',
  ])('returns undefined for output without a version: %j', (output) => {
    expect(javaMajorVersion(output)).toBeUndefined();
  });
});

describe('resolveConnection after an interrupted bulk import', () => {
  it('refuses with BULK_PENDING, naming the folder to load again, before starting any server', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-pending-'));
    try {
      const config = readConfig({
        RINGSCOPE_HOME: home,
        RINGSCOPE_CACHE: path.join(home, 'cache'),
      });
      fs.mkdirSync(localLayout(config.local).instanceDir, { recursive: true });
      markBulkImportPending(config.local, '/data/market');
      await expect(resolveConnection(config, () => {})).rejects.toMatchObject({
        code: 'BULK_PENDING',
        message: expect.stringContaining('Run `ringscope load /data/market` to redo it'),
      });
      expect(fs.existsSync(path.join(home, 'cache'))).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('stopLeftoverImport', () => {
  it('kills the importer a killed load left running, and leaves another program of that pid alone', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-leftover-'));
    const local = readConfig({
      RINGSCOPE_HOME: home,
      RINGSCOPE_CACHE: path.join(home, 'cache'),
    }).local;
    const layout = localLayout(local);
    fs.mkdirSync(layout.instanceDir, { recursive: true });
    // Stand-ins whose command lines are, and are not, this instance's importer.
    const idle = (...args: string[]) =>
      spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)', ...args], { stdio: 'ignore' });
    const importer = idle('org.neo4j.cli.AdminTool', `${layout.libDir}/*`);
    const bystander = idle('something-else');
    const marker = (importPid: number | undefined) =>
      fs.writeFileSync(
        path.join(layout.instanceDir, 'bulk-import.pending'),
        JSON.stringify({ dir: '/data/market', pid: 1, importPid }),
      );
    try {
      await Promise.all([importer, bystander].map((child) => once(child, 'spawn')));
      marker(bystander.pid);
      await stopLeftoverImport(local);
      expect(bystander.exitCode ?? bystander.signalCode).toBeNull();
      marker(importer.pid);
      const exited = once(importer, 'exit');
      await stopLeftoverImport(local);
      expect((await exited)[1]).toBe('SIGKILL');
    } finally {
      importer.kill('SIGKILL');
      bystander.kill('SIGKILL');
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
