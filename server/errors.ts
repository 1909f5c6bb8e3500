// 'graphql/index.js', not 'graphql': Vite resolves the bare name to index.mjs, a second copy whose
// GraphQLError Yoga would not recognise (and would mask); Node resolves both names to index.js.
import { GraphQLError } from 'graphql/index.js';

/**
 * Errors outside GraphQL (config, local Neo4j, loader, CLI). `code` is stable for scripts;
 * the message says what went wrong and what to do about it.
 */
export class RingscopeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RingscopeError';
  }
}

export function isRingscopeError(error: unknown): error is RingscopeError {
  return error instanceof RingscopeError;
}

/** Stable `extensions.code` values of the GraphQL API; clients switch on these, not on messages. */
export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TIMEOUT';

/**
 * An expected API error: Yoga passes its message and code through unmasked (it is a
 * `GraphQLError`); the message names the bad value and what to do instead.
 */
export class ApiError extends GraphQLError {
  constructor(code: ApiErrorCode, message: string, status = 200) {
    // The name stays 'GraphQLError': Yoga recognises expected errors by it and masks the rest.
    super(message, { extensions: { code, http: { status } } });
  }
}

export class BadUserInputError extends ApiError {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `No ${what} has the id ${JSON.stringify(id)}.`);
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message, 401);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class TimeoutError extends ApiError {
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

/**
 * Turns the database module's known failures into API errors; anything else is returned
 * unchanged so Yoga masks it.
 */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof RingscopeError)) return error;
  if (error.code === 'DB_TIMEOUT') {
    return new TimeoutError(
      'The query ran past its time limit and was stopped; ask for fewer items or a smaller page.',
    );
  }
  if (error.code === 'DB_UNAVAILABLE') {
    return new GraphQLError('The database is unavailable right now; retry in a moment.', {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  return error;
}
