/** The last `count` lines of a program's output or a log, for error messages. */
export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
