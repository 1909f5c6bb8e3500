import { z } from 'zod';

/**
 * Wording zod gives every schema without a message of its own (CLI flags, environment): a
 * number flag or variable given a word reads "expected number, received NaN", naming a NaN the
 * person never typed.
 */
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.expected === 'number' ? 'expected a number' : undefined,
});
