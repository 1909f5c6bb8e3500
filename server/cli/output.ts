import { isRingscopeError } from '../errors.ts';

/** Status lines go to stderr so stdout stays clean for data (`stats --json`, exports). */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function reportError(error: unknown): number {
  if (isRingscopeError(error)) {
    process.stderr.write(`ringscope: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(
    `ringscope: unexpected error\n${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return 1;
}
