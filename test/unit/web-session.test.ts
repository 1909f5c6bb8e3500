import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { findKey } from '../../server/context.ts';
import {
  clearedSessionCookie,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
} from '../../server/web/cookies.ts';
import { createSessionStore } from '../../server/web/sessions.ts';
import { findStaticFile } from '../../server/web/static-files.ts';

const IDLE_MS = 60_000;

const keys = readConfig({
  RINGSCOPE_API_KEYS: 'aaaaaaaaaaaaaaaa1:investigator:ivy,bbbbbbbbbbbbbbbb2:analyst',
}).apiKeys;

describe('session store', () => {
  it('maps a new random session id to the key it was created for', () => {
    const sessions = createSessionStore(IDLE_MS);
    const first = sessions.create(keys[0] as (typeof keys)[0]);
    const second = sessions.create(keys[1] as (typeof keys)[0]);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(sessions.find(first)?.name).toBe('ivy');
    expect(sessions.find(second)?.role).toBe('analyst');
    expect(sessions.find('unknown')).toBeUndefined();
  });

  it('forgets a session idle for longer than its idle time, and a deleted one', () => {
    let now = 1_000;
    const sessions = createSessionStore(IDLE_MS, () => now);
    const idle = sessions.create(keys[0] as (typeof keys)[0]);
    const busy = sessions.create(keys[0] as (typeof keys)[0]);
    now += IDLE_MS - 1;
    expect(sessions.find(busy)).toBeDefined();
    now += 2;
    expect(sessions.find(idle)).toBeUndefined();
    expect(sessions.find(busy)).toBeDefined();
    sessions.delete(busy);
    expect(sessions.find(busy)).toBeUndefined();
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Strict, Secure only over HTTPS', () => {
    expect(sessionCookie('abc', false)).toBe(
      `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie('abc', true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie()).toMatch(/Max-Age=0/);
  });

  it('is read back from a Cookie header among others', () => {
    const header = `theme=dark; ${SESSION_COOKIE}=x%2By; other=1`;
    expect(readCookie(header, SESSION_COOKIE)).toBe('x+y');
    expect(readCookie('theme=dark', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
  });
});

describe('findKey', () => {
  it('finds a configured key by its exact value only', () => {
    expect(findKey('bbbbbbbbbbbbbbbb2', keys)?.role).toBe('analyst');
    expect(findKey('bbbbbbbbbbbbbbbb', keys)).toBeUndefined();
    expect(findKey('', keys)).toBeUndefined();
  });
});

describe('findStaticFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-static-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'export {}');
    fs.writeFileSync(path.join(os.tmpdir(), 'ringscope-secret.txt'), 'secret');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves fingerprinted assets as immutable JavaScript', () => {
    const file = findStaticFile(dir, '/assets/app-1234.js');
    expect(file?.headers['content-type']).toMatch(/^text\/javascript/);
    expect(file?.headers['cache-control']).toMatch(/immutable/);
  });

  it('answers client-side routes with index.html, never cached', () => {
    const file = findStaticFile(dir, '/ring/R-1');
    expect(new TextDecoder().decode(file?.body)).toBe('<!doctype html>');
    expect(file?.headers['cache-control']).toBe('no-cache');
  });

  it('finds nothing for a missing file or a path leaving the folder', () => {
    expect(findStaticFile(dir, '/assets/missing.js')).toBeUndefined();
    expect(findStaticFile(dir, '/../ringscope-secret.txt')).toBeUndefined();
    expect(findStaticFile(dir, '/%2e%2e/ringscope-secret.txt')).toBeUndefined();
  });
});
