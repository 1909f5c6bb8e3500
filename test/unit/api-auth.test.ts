import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';
import { bearerCredentials, findKey } from '../../server/context.ts';
import { ApiError, RingscopeError, toApiError } from '../../server/errors.ts';

describe('RINGSCOPE_API_KEYS', () => {
  it('parses KEY:ROLE and KEY:ROLE:NAME pairs, naming unnamed keys role-N', () => {
    const { apiKeys } = readConfig({
      RINGSCOPE_API_KEYS: 'aaaaaaaaaaaaaaaa1:investigator:alice,bbbbbbbbbbbbbbbb2:service',
    });
    expect(apiKeys).toEqual([
      { key: 'aaaaaaaaaaaaaaaa1', role: 'investigator', name: 'alice' },
      { key: 'bbbbbbbbbbbbbbbb2', role: 'service', name: 'service-2' },
    ]);
  });

  it('defaults to no keys and development', () => {
    const config = readConfig({});
    expect(config.apiKeys).toEqual([]);
    expect(config.env).toBe('development');
  });

  it('refuses short keys and unknown roles with a message naming the format', () => {
    for (const value of ['short:service', 'aaaaaaaaaaaaaaaa1:admin', 'aaaaaaaaaaaaaaaa1']) {
      expect(() => readConfig({ RINGSCOPE_API_KEYS: value })).toThrow(ConfigError);
    }
    expect(() => readConfig({ RINGSCOPE_API_KEYS: 'short:service' })).toThrow(/KEY:ROLE/);
  });

  it('refuses a key listed twice, since its role would be ambiguous', () => {
    expect(() =>
      readConfig({
        RINGSCOPE_API_KEYS: 'aaaaaaaaaaaaaaaa1:service,aaaaaaaaaaaaaaaa1:investigator',
      }),
    ).toThrow(/listed once/);
  });
});

describe('bearerCredentials', () => {
  it("takes the credentials of a Bearer header, whatever the scheme's case", () => {
    expect(bearerCredentials('Bearer bbbbbbbbbbbbbbbb2')).toBe('bbbbbbbbbbbbbbbb2');
    expect(bearerCredentials('bearer  aaaaaaaaaaaaaaaa1 ')).toBe('aaaaaaaaaaaaaaaa1');
  });

  it('gives empty credentials for a Bearer header without any, so the request is refused', () => {
    expect(bearerCredentials('Bearer')).toBe('');
    expect(bearerCredentials('Bearer   ')).toBe('');
  });

  it('leaves a missing header or another scheme to the cookie session', () => {
    for (const header of [null, '', 'aaaaaaaaaaaaaaaa1', 'Basic aaaaaaaaaaaaaaaa1', 'Bearerx y']) {
      expect(bearerCredentials(header)).toBeUndefined();
    }
  });
});

describe('findKey', () => {
  const keys = readConfig({
    RINGSCOPE_API_KEYS: 'aaaaaaaaaaaaaaaa1:analyst,bbbbbbbbbbbbbbbb2:service',
  }).apiKeys;

  it('finds a configured key by its exact value', () => {
    expect(findKey('bbbbbbbbbbbbbbbb2', keys)?.role).toBe('service');
    expect(findKey('aaaaaaaaaaaaaaaa1', keys)?.role).toBe('analyst');
  });

  it('finds nothing for an unknown, empty or merely similar value', () => {
    for (const value of [
      '',
      'nope',
      'aaaaaaaaaaaaaaaa',
      'AAAAAAAAAAAAAAAA1',
      'aaaaaaaaaaaaaaaa1 x',
    ]) {
      expect(findKey(value, keys)).toBeUndefined();
    }
  });
});

describe('toApiError', () => {
  it('turns a database timeout into a TIMEOUT GraphQL error', () => {
    const error = toApiError(new RingscopeError('DB_TIMEOUT', 'stopped'));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).extensions.code).toBe('TIMEOUT');
  });

  it('leaves other errors as they are, for Yoga to mask', () => {
    const other = new RingscopeError('QUERY_MISSING', 'cypher/api/x.cypher');
    expect(toApiError(other)).toBe(other);
  });
});
