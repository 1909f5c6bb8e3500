import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../server/errors.ts';
import { maskApiError } from '../../server/yoga.ts';

const MESSAGE = 'Unexpected error.';
const json = (error: Error) => (error as GraphQLError).toJSON();

describe('maskApiError: every error a client can cause has a code, the rest stay masked', () => {
  it('gives a codeless error outside any field (variable coercion) BAD_USER_INPUT', () => {
    const error = new GraphQLError('Variable "$ids" got invalid value null at "ids[1]".');
    const result = maskApiError(error, MESSAGE);
    expect(result).toBe(error);
    expect(json(result)).toEqual({
      message: 'Variable "$ids" got invalid value null at "ids[1]".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('gives a Pothos argument refusal inside a field BAD_USER_INPUT', () => {
    const error = new GraphQLError('Invalid base64 string', {
      path: ['rings'],
      originalError: new PothosValidationError('Invalid base64 string'),
    });
    expect(json(maskApiError(error, MESSAGE))).toEqual({
      message: 'Invalid base64 string',
      path: ['rings'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('keeps the codes errors already have', () => {
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']) {
      const error = new GraphQLError('refused', { extensions: { code } });
      expect(maskApiError(error, MESSAGE)).toBe(error);
      expect(json(error).extensions).toEqual({ code });
    }
    const ours = new BadUserInputError('first: 101 is outside 0–100');
    expect(maskApiError(ours, MESSAGE)).toBe(ours);
    expect(json(ours).extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 200 } });
  });

  it('masks thrown non-GraphQL errors as before, with their INTERNAL_SERVER_ERROR code', () => {
    const wrapped = new GraphQLError('Neo.ClientError.Statement.SyntaxError: MATCH (n', {
      path: ['account'],
      originalError: new Error('Neo.ClientError.Statement.SyntaxError: MATCH (n'),
    });
    for (const error of [new Error('MATCH (n) RETURN n'), wrapped]) {
      const masked = json(maskApiError(error, MESSAGE));
      expect(masked.message).toBe(MESSAGE);
      expect(masked.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(masked)).not.toMatch(/MATCH|stack/);
    }
    expect(json(maskApiError(wrapped, MESSAGE)).path).toEqual(['account']);
  });

  it("masks a codeless error about a field's own resolved value: the server's fault", () => {
    const error = new GraphQLError('Enum "RingStatus" cannot represent value: "archived"', {
      path: ['ring', 'status'],
    });
    const masked = json(maskApiError(error, MESSAGE));
    expect(masked.message).toBe(MESSAGE);
    expect(masked.path).toEqual(['ring', 'status']);
    expect(masked.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(masked)).not.toMatch(/archived/);
  });
});
