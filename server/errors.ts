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
