import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';
import { findApiKey } from '../../server/context.ts';
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

describe('findApiKey', () => {
  const keys = readConfig({
    RINGSCOPE_API_KEYS: 'aaaaaaaaaaaaaaaa1:analyst,bbbbbbbbbbbbbbbb2:service',
  }).apiKeys;

  it('finds the key of a Bearer header', () => {
    expect(findApiKey('Bearer bbbbbbbbbbbbbbbb2', keys)?.role).toBe('service');
    expect(findApiKey('bearer aaaaaaaaaaaaaaaa1', keys)?.role).toBe('analyst');
  });

  it('finds nothing for a missing, malformed or unknown header', () => {
    for (const header of [
      null,
      '',
      'aaaaaaaaaaaaaaaa1',
      'Basic aaaaaaaaaaaaaaaa1',
      'Bearer nope',
    ]) {
      expect(findApiKey(header, keys)).toBeUndefined();
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
