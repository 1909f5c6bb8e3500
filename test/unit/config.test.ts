import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig defaults', () => {
  it('uses the project’s own local Neo4j 5.26 on port 7687 with the documented sizes when nothing is set', () => {
    const config = readConfig({});
    expect(config.neo4j).toEqual({
      uri: undefined,
      user: 'neo4j',
      password: undefined,
      database: 'neo4j',
    });
    expect(config.local).toEqual({
      home: path.join(PROJECT_ROOT, '.ringscope'),
      cacheDir: path.join(os.homedir(), '.cache', 'ringscope'),
      neo4jVersion: '5.26.30',
      apocVersion: '5.26.19',
      gdsVersion: '2.13.9',
      boltPort: 7687,
      heap: '4g',
      pageCache: '3g',
      startTimeoutSeconds: 180,
    });
    expect(config.loadBatchSize).toBe(5000);
    expect(config.queryTimeoutMs).toBe(30_000);
    expect(config.port).toBe(4000);
    expect(config.demo).toEqual({
      accounts: 20_000,
      seed: 7,
      dir: path.join(PROJECT_ROOT, '.ringscope', 'demo'),
    });
  });

  it('keeps the default data folder in the project folder whatever the working directory', () => {
    const before = process.cwd();
    try {
      process.chdir(path.join(PROJECT_ROOT, 'seed'));
      expect(readConfig({}).local.home).toBe(path.join(PROJECT_ROOT, '.ringscope'));
      expect(readConfig({ RINGSCOPE_HOME: 'rs' }).local.home).toBe(
        path.join(PROJECT_ROOT, 'seed', 'rs'),
      );
    } finally {
      process.chdir(before);
    }
  });

  it('puts the download cache under XDG_CACHE_HOME when that is set', () => {
    expect(readConfig({ XDG_CACHE_HOME: '/var/cache/x' }).local.cacheDir).toBe(
      '/var/cache/x/ringscope',
    );
  });

  it('is never interactive under CI', () => {
    expect(readConfig({ CI: '1' }).interactive).toBe(false);
  });

  it('returns a deeply frozen object', () => {
    const config = readConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.neo4j)).toBe(true);
    expect(Object.isFrozen(config.local)).toBe(true);
    expect(Object.isFrozen(config.demo)).toBe(true);
  });

  it('reads only the object it is given, not process.env', () => {
    const before = process.env.RINGSCOPE_LOAD_BATCH;
    process.env.RINGSCOPE_LOAD_BATCH = '123';
    try {
      expect(readConfig({}).loadBatchSize).toBe(5000);
    } finally {
      if (before === undefined) delete process.env.RINGSCOPE_LOAD_BATCH;
      else process.env.RINGSCOPE_LOAD_BATCH = before;
    }
  });
});

describe('readConfig overrides', () => {
  it('takes an external server’s URI, user, password and database as given', () => {
    const config = readConfig({
      NEO4J_URI: 'neo4j+s://db.example.com',
      NEO4J_USER: 'risk',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'bnpl',
    });
    expect(config.neo4j).toEqual({
      uri: 'neo4j+s://db.example.com',
      user: 'risk',
      password: 's3cret',
      database: 'bnpl',
    });
  });

  it('parses numeric variables into numbers and resolves folders to absolute paths', () => {
    const config = readConfig({
      RINGSCOPE_HOME: 'tmp/rs',
      RINGSCOPE_CACHE: '/opt/cache',
      RINGSCOPE_BOLT_PORT: '17687',
      RINGSCOPE_NEO4J_HEAP: '512m',
      RINGSCOPE_NEO4J_PAGECACHE: '2G',
      RINGSCOPE_NEO4J_START_TIMEOUT: '60',
      RINGSCOPE_LOAD_BATCH: '500',
      RINGSCOPE_QUERY_TIMEOUT_MS: '1000',
      RINGSCOPE_DEMO_ACCOUNTS: '100',
      RINGSCOPE_DEMO_SEED: '0',
      RINGSCOPE_NEO4J_VERSION: '5.26.1',
      PORT: '0',
      HOST: '::1',
    });
    expect(config.local).toMatchObject({
      home: path.resolve('tmp/rs'),
      cacheDir: '/opt/cache',
      boltPort: 17687,
      heap: '512m',
      pageCache: '2G',
      startTimeoutSeconds: 60,
      neo4jVersion: '5.26.1',
    });
    expect(config.loadBatchSize).toBe(500);
    expect(config.queryTimeoutMs).toBe(1000);
    expect(config.demo).toEqual({ accounts: 100, seed: 0, dir: path.resolve('tmp/rs', 'demo') });
    expect(config.port).toBe(0);
    expect(config.host).toBe('::1');
  });

  it('ignores variables it does not know', () => {
    expect(() => readConfig({ PATH: '/usr/bin', RINGSCOPE_UNKNOWN: 'x' })).not.toThrow();
  });
});

describe('readConfig errors', () => {
  it('throws a ConfigError with code CONFIG_INVALID naming the variable, its value and the expected form', () => {
    const error = configError({ RINGSCOPE_NEO4J_HEAP: '4gb' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('RINGSCOPE_NEO4J_HEAP="4gb": a size like 512m or 4g');
  });

  it('says a number variable given a word expects a number (not that it received NaN)', () => {
    expect(configError({ PORT: 'abc' }).message).toBe(
      'Invalid environment configuration:\n  PORT="abc": expected a number',
    );
  });

  it('never shows API keys in the error (it ends up in logs), only their lengths, roles and names', () => {
    const good = 'investigatorkey-0123456789';
    const message = configError({
      RINGSCOPE_API_KEYS: `${good}:investigator:ivan, short:service`,
    }).message;
    expect(message).not.toContain(good);
    expect(message).not.toContain('short');
    expect(message).toContain(
      'RINGSCOPE_API_KEYS="<key of 26 characters>:investigator:ivan,<key of 5 characters>:service": comma-separated KEY:ROLE',
    );
  });

  it.each([';', ' ', '\n'])(
    'never shows a key of a list joined with %j instead of commas: the entry shows only its length',
    (separator) => {
      const keys = `firstkey-0123456789:investigator:ivan${separator}secondkey-0123456789:service`;
      const message = configError({ RINGSCOPE_API_KEYS: keys }).message;
      expect(message).not.toContain('firstkey');
      expect(message).not.toContain('secondkey');
      expect(message).toContain(`RINGSCOPE_API_KEYS="<entry of ${keys.length} characters>"`);
    },
  );

  it('never shows the user and password a NEO4J_URI carries', () => {
    const message = configError({ NEO4J_URI: 'http://neo4j:s3cret@db.example:7687' }).message;
    expect(message).not.toContain('s3cret');
    expect(message).toContain('NEO4J_URI="http://…@db.example:7687"');
  });

  it('lists every invalid variable in one error, one per line', () => {
    const error = configError({
      RINGSCOPE_BOLT_PORT: '70000',
      RINGSCOPE_NEO4J_PAGECACHE: 'lots',
      RINGSCOPE_LOAD_BATCH: '50',
    });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid environment configuration:');
    expect(lines.slice(1)).toHaveLength(3);
    expect(error.message).toMatch(/RINGSCOPE_BOLT_PORT="70000": .*65535/);
    expect(error.message).toContain('RINGSCOPE_NEO4J_PAGECACHE="lots": a size like 512m or 4g');
    expect(error.message).toMatch(/RINGSCOPE_LOAD_BATCH="50": .*100/);
  });

  it.each([
    ['RINGSCOPE_BOLT_PORT', 'abc', /number/],
    ['RINGSCOPE_BOLT_PORT', '7687.5', /int/],
    ['RINGSCOPE_BOLT_PORT', '0', />=1/],
    ['RINGSCOPE_LOAD_BATCH', '200000', /100000/],
    ['RINGSCOPE_NEO4J_START_TIMEOUT', '-5', /0/],
    ['RINGSCOPE_DEMO_ACCOUNTS', '99', /100/],
    ['RINGSCOPE_NEO4J_VERSION', '5.25.1', /a 5\.26\.x version/],
    ['RINGSCOPE_APOC_VERSION', '2025.01.0', /a 5\.26\.x version/],
    ['RINGSCOPE_GDS_VERSION', '2.12.0', /a 2\.13\.x version/],
    ['NEO4J_URI', '', /1 char/],
    ['RINGSCOPE_SAVED_QUERY_TIMEOUT_MS', '10', /100/],
    ['RINGSCOPE_SAVED_QUERY_ROW_LIMIT', '0', /1/],
    ['RINGSCOPE_ALERT_INTERVAL_S', '-1', /0/],
    ['HOST', 'http://0.0.0.0', /an address or host name to listen on/],
    [
      'NEO4J_URI',
      'localhost:7687',
      /a bolt:\/\/ \(one server\) or neo4j:\/\/ \(cluster, Aura\) URI/,
    ],
    ['NEO4J_URI', 'http://localhost:7474', /a bolt:\/\//],
  ])(
    'rejects %s=%j with a line naming the variable and what it expects',
    (name, value, expectation) => {
      const error = configError({ [name]: value });
      const line = error.message
        .split('\n')
        .find((text) => text.includes(`${name}=${JSON.stringify(value)}: `));
      expect(line).toBeDefined();
      expect(line).toMatch(expectation);
    },
  );
});

describe('readConfig: saved queries and alerts', () => {
  it('defaults to a 30 s time limit, 1,000 rows per run and a 300 s alert check', () => {
    const config = readConfig({});
    expect(config.savedQueries).toEqual({ timeoutMs: 30_000, rowLimit: 1000 });
    expect(config.alertIntervalSeconds).toBe(300);
    expect(Object.isFrozen(config.savedQueries)).toBe(true);
  });

  it('takes the limits and the interval (0 turns the schedule off) from the environment', () => {
    const config = readConfig({
      RINGSCOPE_SAVED_QUERY_TIMEOUT_MS: '2500',
      RINGSCOPE_SAVED_QUERY_ROW_LIMIT: '50',
      RINGSCOPE_ALERT_INTERVAL_S: '0',
    });
    expect(config.savedQueries).toEqual({ timeoutMs: 2500, rowLimit: 50 });
    expect(config.alertIntervalSeconds).toBe(0);
  });

  it('keeps web sessions 12 idle hours by default, RINGSCOPE_SESSION_IDLE_HOURS otherwise', () => {
    expect(readConfig({}).sessionIdleMs).toBe(12 * 3_600_000);
    expect(readConfig({ RINGSCOPE_SESSION_IDLE_HOURS: '0.5' }).sessionIdleMs).toBe(1_800_000);
    expect(() => readConfig({ RINGSCOPE_SESSION_IDLE_HOURS: '0' })).toThrow(
      /RINGSCOPE_SESSION_IDLE_HOURS/,
    );
  });
});
