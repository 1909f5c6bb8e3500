import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { RingscopeError } from '../errors.ts';
import '../validation.ts';
import { usageOf } from './usage.ts';

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
      `${command}: ${(error as Error).message.replace(/\.$/, '')}.\n${usageOf(command)}`,
    );
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      if (issue.path[0] !== 'positionals') return `--${String(issue.path[0])}: ${issue.message}`;
      // zod words a wrong argument count as an array size ("Too small: expected array…").
      if (issue.code === 'too_small' && issue.path.length === 1) return 'an argument is missing';
      if (issue.code === 'too_big' && issue.path.length === 1) {
        const extra = parsed.positionals.slice(Number(issue.maximum)).map((value) => `'${value}'`);
        return `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`;
      }
      const value = parsed.positionals[Number(issue.path[1])];
      return `argument '${value}': expected ${issue.message}`;
    });
    throw new RingscopeError('USAGE', `${command}: ${issues.join('; ')}.\n${usageOf(command)}`);
  }
  return result.data;
}

/**
 * A whole-number flag within [min, max], its messages naming what is wrong: read as text first,
 * since coercion takes an empty value for 0, and a range check before the whole-number one, since
 * a number too large to hold exactly fails that as "not whole".
 */
export function wholeNumberFlag(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(1, 'a number, not an empty value')
    .pipe(
      z.coerce
        .number<string>()
        .min(min, `at least ${min.toLocaleString('en')}`)
        .max(max, `at most ${max.toLocaleString('en')}`),
    )
    .pipe(z.number().int('a whole number'));
}
