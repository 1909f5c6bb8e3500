import { isRingscopeError } from '../errors.ts';

/** Status lines go to stderr so stdout stays clean for data (`stats --json`, exports). */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** What went wrong with a file or folder, in words, by the error code Node gives. */
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'a file or folder of that name is already there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
};

export function reportError(error: unknown): number {
  if (isRingscopeError(error)) {
    process.stderr.write(`ringscope: ${error.message}\n`);
    return 1;
  }
  const { code, path } = error as NodeJS.ErrnoException;
  const problem = code === undefined ? undefined : FILE_PROBLEMS[code];
  if (problem !== undefined && path !== undefined) {
    // A path the user gave (an output file, a folder): naming it is enough, a stack is noise.
    process.stderr.write(`ringscope: ${path}: ${problem}.\n`);
    return 1;
  }
  process.stderr.write(
    `ringscope: unexpected error\n${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return 1;
}
