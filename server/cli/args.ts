import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';
import { RingscopeError } from '../errors.ts';

/**
 * Parses one subcommand's flags with node:util and validates them with zod, so every CLI
 * mistake comes back as one message naming the flag and what it expects.
 */
export function parseFlags<S extends z.ZodType>(
  command: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
): z.infer<S> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new RingscopeError(
      'USAGE',
      `${command}: ${(error as Error).message}. See \`ringscope help\`.`,
    );
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const flag = issue.path[0] === 'positionals' ? 'argument' : `--${String(issue.path[0])}`;
      return `${flag}: ${issue.message}`;
    });
    throw new RingscopeError('USAGE', `${command}: ${issues.join('; ')}. See \`ringscope help\`.`);
  }
  return result.data;
}
