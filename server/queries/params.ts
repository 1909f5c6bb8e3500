import { z } from 'zod';
import { timestampProblem } from '../../seed/contract.ts';
import type { Params } from '../db/run.ts';
import { QueryDefinitionError, type QueryHeader, type QueryParameter } from './header.ts';

const INTEGER_TEXT = /^-?\d+$/;
const FLOAT_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Strings and lists without a declared upper bound still get one, so a caller cannot hand
 * Neo4j a megabyte of text or a million-item IN list.
 */
const DEFAULT_MAX_LENGTH = 1000;

/** The parameter with the default upper bound filled in for strings and lists. */
function capped(parameter: QueryParameter): QueryParameter {
  const sized = parameter.type === 'string' || parameter.type === 'string_list';
  return sized && parameter.max === null ? { ...parameter, max: DEFAULT_MAX_LENGTH } : parameter;
}

function bounds(declared: QueryParameter, unit: string): string {
  const { min, max } = capped(declared);
  if (min !== null && max !== null) return ` in ${min}..${max}${unit}`;
  if (min !== null) return ` ≥ ${min}${unit}`;
  if (max !== null) return ` ≤ ${max}${unit}`;
  return '';
}

/** What a parameter accepts, in words, for error messages and `ringscope query` listings. */
export function expectedValue(parameter: QueryParameter): string {
  switch (parameter.type) {
    case 'string':
      return `a string${bounds(parameter, ' characters long')}`;
    case 'integer':
      return `an integer${bounds(parameter, '')}`;
    case 'float':
      return `a number${bounds(parameter, '')}`;
    case 'boolean':
      return 'true or false';
    case 'datetime':
      return 'an ISO-8601 date-time with offset (Z or -18:00 to +18:00), e.g. 2026-06-01T00:00:00+08:00';
    case 'string_list':
      return `a list of strings (comma-separated on the command line)${bounds(parameter, ' items')}`;
  }
}

function limited<T extends z.ZodNumber | z.ZodString | z.ZodArray<z.ZodString>>(
  schema: T,
  declared: QueryParameter,
): T {
  const parameter = capped(declared);
  let out = schema;
  // ZodNumber, ZodString and ZodArray all have min/max with the same meaning for our bounds.
  if (parameter.min !== null) out = (out as z.ZodNumber).min(parameter.min) as unknown as T;
  if (parameter.max !== null) out = (out as z.ZodNumber).max(parameter.max) as unknown as T;
  return out;
}

/**
 * The zod schema of one declared parameter. Values come as JSON (API) or text (CLI): numbers
 * and booleans are accepted in either form, lists as arrays or comma-separated text.
 */
function valueSchema(parameter: QueryParameter): z.ZodType {
  switch (parameter.type) {
    case 'string':
      return limited(z.string(), parameter);
    case 'integer':
      return z
        .union([z.number(), z.string().regex(INTEGER_TEXT).transform(Number)])
        .pipe(limited(z.number().int(), parameter));
    case 'float':
      return z
        .union([z.number(), z.string().regex(FLOAT_TEXT).transform(Number)])
        .pipe(limited(z.number(), parameter));
    case 'boolean':
      return z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
    case 'datetime':
      // The loader's check: a value Neo4j refuses (an offset past ±18:00, a 30 February) is
      // refused here, with the parameter named, instead of failing inside the query.
      return z.string().refine((value) => timestampProblem(value) === undefined);
    case 'string_list':
      return z
        .union([
          z.array(z.string()),
          z.string().transform((text) =>
            text
              .split(',')
              .map((item) => item.trim())
              .filter((item) => item.length > 0),
          ),
        ])
        .pipe(limited(z.array(z.string().min(1).max(DEFAULT_MAX_LENGTH)), parameter));
  }
}

/** Integers travel as BigInt so Neo4j gets INTEGER (LIMIT, range()) rather than FLOAT. */
function toCypher(parameter: QueryParameter, value: unknown): unknown {
  if (value === null) return null;
  return parameter.type === 'integer' ? BigInt(value as number) : value;
}

function checkOne(query: string, parameter: QueryParameter, given: unknown): unknown {
  const parsed = valueSchema(parameter).safeParse(given);
  if (!parsed.success) {
    throw new QueryDefinitionError(
      query,
      `parameter $${parameter.name} expects ${expectedValue(parameter)}; got ${JSON.stringify(given)}.`,
    );
  }
  return parsed.data;
}

/**
 * Checks caller values against the declared parameters: unknown names, missing required ones
 * and values of the wrong type or out of range are refused with a message naming the query, the
 * parameter and what it expects. Absent or null optional parameters take their defaults.
 */
export function checkParams(header: QueryHeader, given: Record<string, unknown>): Params {
  const declared = new Map(header.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      const names = header.parameters.map((parameter) => `$${parameter.name}`).join(', ');
      throw new QueryDefinitionError(
        header.name,
        `it has no parameter $${name}; it takes ${names || 'no parameters'}.`,
      );
    }
  }
  const params: Params = {};
  for (const parameter of header.parameters) {
    const value = given[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required) {
        throw new QueryDefinitionError(
          header.name,
          `parameter $${parameter.name} is required: ${expectedValue(parameter)} (${parameter.description}).`,
        );
      }
      // An explicit null means "not given": it gets the default (null only where the default
      // is null), so it cannot skip the type and range checks.
      params[parameter.name] = toCypher(parameter, parameter.default);
      continue;
    }
    params[parameter.name] = toCypher(parameter, checkOne(header.name, parameter, value));
  }
  return params;
}

/** Checks that every declared default fits its own type and range. */
export function checkDefaults(header: QueryHeader): void {
  for (const parameter of header.parameters) {
    if (parameter.required || parameter.default === null) continue;
    try {
      checkOne(header.name, parameter, parameter.default);
    } catch {
      throw new QueryDefinitionError(
        header.name,
        `the default of $${parameter.name} (${JSON.stringify(parameter.default)}) is not ${expectedValue(parameter)}.`,
      );
    }
  }
  for (const parameter of header.parameters) {
    if (parameter.min !== null && parameter.max !== null && parameter.min > parameter.max) {
      throw new QueryDefinitionError(
        header.name,
        `the range of $${parameter.name} is empty (${parameter.min}..${parameter.max}).`,
      );
    }
  }
}
