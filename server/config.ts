import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RingscopeError } from './errors.ts';
import './validation.ts';

/**
 * The project folder. The default data folder lives here whatever the working directory, so
 * `ringscope` run from a subfolder finds the same local server instead of starting a second one.
 */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every environment variable RingScope reads, with its default. Documented in README "Configuration". */
const envSchema = z.object({
  NEO4J_URI: z
    .string()
    .min(1)
    .regex(
      /^(bolt|neo4j)(\+s|\+ssc)?:\/\/\S+$/,
      'a bolt:// (one server) or neo4j:// (cluster, Aura) URI, +s or +ssc for TLS, like neo4j+s://xxxx.databases.neo4j.io',
    )
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  RINGSCOPE_HOME: z.string().min(1).optional(),
  RINGSCOPE_CACHE: z.string().min(1).optional(),
  RINGSCOPE_NEO4J_VERSION: z
    .string()
    .regex(/^5\.26\.\d+$/, 'a 5.26.x version')
    .default('5.26.30'),
  RINGSCOPE_APOC_VERSION: z
    .string()
    .regex(/^5\.26\.\d+$/, 'a 5.26.x version')
    .default('5.26.19'),
  RINGSCOPE_GDS_VERSION: z
    .string()
    .regex(/^2\.13\.\d+$/, 'a 2.13.x version (the GDS line for Neo4j 5.26)')
    .default('2.13.9'),
  RINGSCOPE_BOLT_PORT: z.coerce.number().int().min(1).max(65535).default(7687),
  RINGSCOPE_NEO4J_HEAP: z
    .string()
    .regex(/^\d+[mg]$/i, 'a size like 512m or 4g')
    .default('4g'),
  RINGSCOPE_NEO4J_PAGECACHE: z
    .string()
    .regex(/^\d+[mg]$/i, 'a size like 512m or 4g')
    .default('3g'),
  RINGSCOPE_NEO4J_START_TIMEOUT: z.coerce.number().int().positive().default(180),
  RINGSCOPE_LOAD_BATCH: z.coerce.number().int().min(100).max(100_000).default(5000),
  RINGSCOPE_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  RINGSCOPE_SAVED_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  RINGSCOPE_SAVED_QUERY_ROW_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1000),
  RINGSCOPE_ALERT_INTERVAL_S: z.coerce.number().int().min(0).max(86_400).default(300),
  RINGSCOPE_SESSION_IDLE_HOURS: z.coerce.number().positive().max(720).default(12),
  RINGSCOPE_DEMO_ACCOUNTS: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  RINGSCOPE_DEMO_SEED: z.coerce.number().int().min(0).default(7),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z
    .string()
    .regex(
      /^(?:[A-Za-z0-9.-]+|[0-9A-Fa-f:]+)$/,
      'an address or host name to listen on, like 127.0.0.1, ::1 or 0.0.0.0',
    )
    .optional(),
  RINGSCOPE_API_KEYS: z
    .string()
    .regex(
      /^\s*$|^[^:,\s]{16,}:(investigator|analyst|service)(:[^:,\s]+)?(,[^:,\s]{16,}:(investigator|analyst|service)(:[^:,\s]+)?)*$/,
      'comma-separated KEY:ROLE or KEY:ROLE:NAME, keys of 16+ characters, roles investigator|analyst|service',
    )
    .default('')
    .transform((value, context) => {
      const keys = parseApiKeys(value);
      if (new Set(keys.map((entry) => entry.key)).size !== keys.length) {
        context.addIssue({
          code: 'custom',
          message: 'each key may be listed once (a key with two roles would be ambiguous)',
        });
      }
      return keys;
    }),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  XDG_CACHE_HOME: z.string().optional(),
  CI: z.string().optional(),
});

export type ApiRole = 'investigator' | 'analyst' | 'service';

/** One configured API key; `name` is what notes and the audit log record as author. */
export type ApiKey = Readonly<{ key: string; role: ApiRole; name: string }>;

/** Parses `KEY:ROLE[:NAME],…` (already checked by the schema); unnamed keys are `role-N`. */
function parseApiKeys(value: string): readonly ApiKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return Object.freeze(
    entries.map((entry, index) => {
      const [key = '', role = 'service', name] = entry.split(':');
      return Object.freeze({ key, role: role as ApiRole, name: name ?? `${role}-${index + 1}` });
    }),
  );
}

export type Config = Readonly<{
  neo4j: Readonly<{
    /** Unset means: run the project's own local server. */
    uri: string | undefined;
    user: string;
    password: string | undefined;
    database: string;
  }>;
  local: Readonly<{
    home: string;
    cacheDir: string;
    neo4jVersion: string;
    apocVersion: string;
    gdsVersion: string;
    boltPort: number;
    heap: string;
    pageCache: string;
    startTimeoutSeconds: number;
  }>;
  loadBatchSize: number;
  demo: Readonly<{ accounts: number; seed: number; dir: string }>;
  queryTimeoutMs: number;
  /** Every saved-query run (CLI, API, alert rules) stops at this time limit and row count. */
  savedQueries: Readonly<{ timeoutMs: number; rowLimit: number }>;
  /** Seconds between the server's alert-rule checks; 0 turns the schedule off. */
  alertIntervalSeconds: number;
  /** Web app sessions end after this long without a request. */
  sessionIdleMs: number;
  port: number;
  /** Address the API listens on (HOST); undefined: every interface. */
  host: string | undefined;
  /** API keys and their roles (RINGSCOPE_API_KEYS); empty means no request is authorised. */
  apiKeys: readonly ApiKey[];
  /** development: GraphiQL on, a generated key when none is configured. */
  env: 'development' | 'production' | 'test';
  /** Progress bars only on an interactive terminal outside CI. */
  interactive: boolean;
}>;

export class ConfigError extends RingscopeError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** One KEY:ROLE[:NAME] entry of RINGSCOPE_API_KEYS whatever the key's length. */
const API_KEY_ENTRY = /^([^:,\s]+)(:(?:investigator|analyst|service)(?::[^:,\s]+)?)$/;

/**
 * A variable's value as an error message may show it: configuration errors end up in logs, so
 * an API key shows only its length (enough to spot the short one) and an entry that does not
 * parse (another separator, a stray space) only its length, as it may hold several keys; a URI
 * loses its user:password@.
 */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (name === 'NEO4J_URI') return JSON.stringify(value.replace(/\/\/[^/@]*@/, '//…@'));
  if (name !== 'RINGSCOPE_API_KEYS') return JSON.stringify(value);
  const entries = value.split(',').map((entry) => {
    const parsed = API_KEY_ENTRY.exec(entry.trim());
    if (!parsed) return `<entry of ${entry.length} characters>`;
    return `<key of ${parsed[1]?.length} characters>${parsed[2]}`;
  });
  return JSON.stringify(entries.join(','));
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${issue.path.join('.')}=${shownValue(name, env[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const cacheRoot = e.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  // A folder given in the environment is the user's, relative to where they run the command.
  const home = e.RINGSCOPE_HOME
    ? path.resolve(e.RINGSCOPE_HOME)
    : path.join(PROJECT_ROOT, '.ringscope');
  return Object.freeze({
    neo4j: Object.freeze({
      uri: e.NEO4J_URI,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
    }),
    local: Object.freeze({
      home,
      cacheDir: path.resolve(e.RINGSCOPE_CACHE ?? path.join(cacheRoot, 'ringscope')),
      neo4jVersion: e.RINGSCOPE_NEO4J_VERSION,
      apocVersion: e.RINGSCOPE_APOC_VERSION,
      gdsVersion: e.RINGSCOPE_GDS_VERSION,
      boltPort: e.RINGSCOPE_BOLT_PORT,
      heap: e.RINGSCOPE_NEO4J_HEAP,
      pageCache: e.RINGSCOPE_NEO4J_PAGECACHE,
      startTimeoutSeconds: e.RINGSCOPE_NEO4J_START_TIMEOUT,
    }),
    loadBatchSize: e.RINGSCOPE_LOAD_BATCH,
    demo: Object.freeze({
      accounts: e.RINGSCOPE_DEMO_ACCOUNTS,
      seed: e.RINGSCOPE_DEMO_SEED,
      dir: path.join(home, 'demo'),
    }),
    queryTimeoutMs: e.RINGSCOPE_QUERY_TIMEOUT_MS,
    savedQueries: Object.freeze({
      timeoutMs: e.RINGSCOPE_SAVED_QUERY_TIMEOUT_MS,
      rowLimit: e.RINGSCOPE_SAVED_QUERY_ROW_LIMIT,
    }),
    alertIntervalSeconds: e.RINGSCOPE_ALERT_INTERVAL_S,
    sessionIdleMs: Math.round(e.RINGSCOPE_SESSION_IDLE_HOURS * 3_600_000),
    port: e.PORT,
    host: e.HOST,
    apiKeys: e.RINGSCOPE_API_KEYS,
    env: e.NODE_ENV,
    // Progress lines go to stderr, so stdout can be piped (e.g. `stats --json`) while they show.
    interactive: Boolean(process.stderr.isTTY) && !e.CI,
  });
}
