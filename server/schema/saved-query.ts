import { z } from 'zod';
import { builder } from '../builder.ts';
import type { SavedQueryVersionRecord } from '../db/records.ts';
import {
  ApiError,
  BadUserInputError,
  isRingscopeError,
  TimeoutError,
  toApiError,
} from '../errors.ts';
import { PARAMETER_TYPES, type QueryParameter, SUBJECT_TYPES } from '../queries/header.ts';
import { findQuery, listQueries, type SavedQuery } from '../queries/library.ts';
import { type QueryResult, runSavedQuery } from '../queries/run-query.ts';
import { queryVersions, saveQuery } from '../queries/save.ts';
import { Neighborhood } from './graph.ts';

/**
 * Saved-query failures as API errors: a bad definition or parameter, a refused write and a
 * Cypher error are the caller's to fix (BAD_USER_INPUT, message names the query), the time
 * limit is TIMEOUT, an unknown name NOT_FOUND; the rest goes through `toApiError`.
 */
function toQueryApiError(error: unknown): unknown {
  if (!isRingscopeError(error)) return toApiError(error);
  switch (error.code) {
    case 'QUERY_INVALID':
    case 'QUERY_FAILED':
    case 'QUERY_WRITE_REFUSED':
      return new BadUserInputError(error.message);
    case 'QUERY_TIMEOUT':
      return new TimeoutError(error.message);
    case 'QUERY_NOT_FOUND':
      return new ApiError('NOT_FOUND', error.message);
    default:
      return toApiError(error);
  }
}

async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toQueryApiError(error);
  }
}

const SavedQueryReturns = builder.enumType('SavedQueryReturns', {
  values: ['TABLE', 'GRAPH'] as const,
});
const SavedQueryParameterType = builder.enumType('SavedQueryParameterType', {
  values: PARAMETER_TYPES.map((type) => type.toUpperCase()) as [string, ...string[]],
});
const SavedQuerySource = builder.enumType('SavedQuerySource', {
  values: ['FILE', 'USER'] as const,
});
const SavedQueryTrigger = builder.enumType('SavedQueryTrigger', {
  values: ['ON_NEW_ORDERS', 'SCHEDULE'] as const,
});
const AlertSubjectType = builder.enumType('AlertSubjectType', { values: SUBJECT_TYPES });

const SavedQueryParameter = builder.objectRef<QueryParameter>('SavedQueryParameter');
SavedQueryParameter.implement({
  description: 'A declared `$parameter`: its type, default and allowed range.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({
      type: SavedQueryParameterType,
      resolve: (parameter) => parameter.type.toUpperCase(),
    }),
    description: t.exposeString('description'),
    default: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Null when required (or when null is the default).',
      resolve: (parameter) => parameter.default,
    }),
    required: t.exposeBoolean('required'),
    min: t.exposeFloat('min', {
      nullable: true,
      description: 'Lower bound: of the value for numbers, of the length for strings and lists.',
    }),
    max: t.exposeFloat('max', { nullable: true, description: 'Upper bound, like `min`.' }),
  }),
});

const SavedQueryRule = builder.objectRef<NonNullable<SavedQuery['rule']>>('SavedQueryRule');
SavedQueryRule.implement({
  description: 'What makes a query an early-warning rule, and what its alerts are about.',
  fields: (t) => ({
    trigger: t.field({
      type: SavedQueryTrigger,
      resolve: (rule) => (rule.trigger.kind === 'on-new-orders' ? 'ON_NEW_ORDERS' : 'SCHEDULE'),
    }),
    everySeconds: t.int({
      nullable: true,
      description: 'Interval of a SCHEDULE rule.',
      resolve: (rule) => (rule.trigger.kind === 'schedule' ? rule.trigger.everySeconds : null),
    }),
    subjectType: t.field({ type: AlertSubjectType, resolve: (rule) => rule.subject.type }),
    subjectColumn: t.string({ resolve: (rule) => rule.subject.column }),
    evidence: t.exposeStringList('evidence', {
      description: 'Columns whose ids become the evidence.',
    }),
    key: t.exposeStringList('key', {
      description:
        'Columns whose values, with rule and subject, make an alert distinct (empty: one alert per subject).',
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'The alert line, `{column}` filled in per match.',
    }),
  }),
});

const SavedQueryVersion = builder.objectRef<SavedQueryVersionRecord>('SavedQueryVersion');
SavedQueryVersion.implement({
  fields: (t) => ({
    version: t.exposeInt('version'),
    author: t.exposeString('author'),
    savedAt: t.exposeString('savedAt'),
    cypher: t.exposeString('text', { description: 'Header and Cypher of this version.' }),
  }),
});

export const SavedQueryRef = builder.objectRef<SavedQuery>('SavedQuery');
SavedQueryRef.implement({
  description:
    'A vetted, parameterised, read-only Cypher query: from the library (cypher/queries) or saved by an analyst.',
  fields: (t) => ({
    name: t.exposeID('name', { description: 'Kebab-case name, e.g. "top-rings-by-exposure".' }),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    returns: t.field({
      type: SavedQueryReturns,
      resolve: (query) => (query.returns === 'graph' ? 'GRAPH' : 'TABLE'),
    }),
    tags: t.exposeStringList('tags'),
    parameters: t.expose('parameters', { type: [SavedQueryParameter] }),
    source: t.field({
      type: SavedQuerySource,
      resolve: (query) => (query.source === 'user' ? 'USER' : 'FILE'),
    }),
    version: t.exposeInt('version'),
    author: t.exposeString('author', { nullable: true, description: 'Who saved it (USER).' }),
    updatedAt: t.exposeString('updatedAt', { nullable: true }),
    cypher: t.exposeString('text', {
      description: 'Header and Cypher: runs unchanged in Neo4j Browser after `:param`.',
    }),
    body: t.exposeString('body', { description: 'The Cypher after the header.' }),
    isRule: t.boolean({ resolve: (query) => query.rule !== null }),
    rule: t.expose('rule', { type: SavedQueryRule, nullable: true }),
    versions: t.field({
      type: [SavedQueryVersion],
      description: 'Every saved version, newest first (empty for library files).',
      resolve: (query, _args, context) =>
        query.source === 'user'
          ? asApiErrors(() => queryVersions(context.queries, query.name))
          : [],
    }),
  }),
});

const SavedQueryResult = builder.objectRef<QueryResult>('SavedQueryResult');
SavedQueryResult.implement({
  description: 'One read-only run of a saved query.',
  fields: (t) => ({
    name: t.exposeID('name'),
    columns: t.exposeStringList('columns'),
    rows: t.field({
      type: t.listRef(t.listRef('JSON', { nullable: true })),
      description: 'Row-major; nodes are {id, type, label, properties}.',
      resolve: (result) => result.rows,
    }),
    truncated: t.exposeBoolean('truncated', { description: 'More rows than rowLimit matched.' }),
    rowLimit: t.exposeInt('rowLimit'),
    elapsedMs: t.exposeInt('elapsedMs'),
    graph: t.expose('graph', {
      type: Neighborhood,
      nullable: true,
      description: 'The nodes and relationships of the result as Cytoscape elements, if any.',
    }),
  }),
});

const nameSchema = z.string().min(1).max(64);

builder.queryFields((t) => ({
  savedQueries: t.field({
    type: [SavedQueryRef],
    description: 'The saved queries (library and analysts’), by name.',
    authScopes: { readAll: true },
    args: { tag: t.arg.string({ validate: z.string().min(1).max(50) }) },
    resolve: (_root, { tag }, context) =>
      asApiErrors(() => listQueries(context.queries, tag ?? undefined)),
  }),
  savedQuery: t.field({
    type: SavedQueryRef,
    nullable: true,
    description: 'A saved query by name; null when none has it.',
    authScopes: { readAll: true },
    args: { name: t.arg.id({ required: true, validate: nameSchema }) },
    resolve: (_root, { name }, context) => asApiErrors(() => findQuery(context.queries, name)),
  }),
  runSavedQuery: t.field({
    type: SavedQueryResult,
    description:
      'Runs a saved query in a read transaction with the configured time and row limits (analysts only).',
    authScopes: { runQueries: true },
    args: {
      name: t.arg.id({ required: true, validate: nameSchema }),
      params: t.arg({
        type: 'JSON',
        description: 'Parameter values by name, e.g. {"limit": 10}; absent ones take defaults.',
      }),
    },
    resolve: async (_root, { name, params }, context) => {
      const given = params ?? {};
      if (typeof given !== 'object' || Array.isArray(given)) {
        throw new BadUserInputError('params: an object of parameter values by name.');
      }
      return asApiErrors(() =>
        runSavedQuery(context.queries, name, given as Record<string, unknown>),
      );
    },
  }),
}));

const SavedQueryParameterInput = builder.inputType('SavedQueryParameterInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: SavedQueryParameterType, required: true }),
    description: t.string({ required: true }),
    default: t.field({ type: 'JSON', description: 'Used when the caller gives no value.' }),
    required: t.boolean({ required: true }),
    min: t.float(),
    max: t.float(),
  }),
});

const SavedQueryRuleInput = builder.inputType('SavedQueryRuleInput', {
  fields: (t) => ({
    trigger: t.field({ type: SavedQueryTrigger, required: true }),
    everySeconds: t.int({ description: 'For SCHEDULE: at least 60.' }),
    subjectType: t.field({ type: AlertSubjectType, required: true }),
    subjectColumn: t.string({ required: true }),
    evidence: t.stringList({ defaultValue: [] }),
    key: t.stringList({
      defaultValue: [],
      description: 'Columns that, with the subject, make an alert distinct.',
    }),
    summary: t.string(),
  }),
});

const SaveQueryInput = builder.inputType('SaveQueryInput', {
  fields: (t) => ({
    name: t.id({
      required: true,
      description: 'Kebab-case; saving an existing name adds a version.',
    }),
    title: t.string({ required: true }),
    description: t.string({ required: true }),
    returns: t.field({ type: SavedQueryReturns, required: true }),
    tags: t.stringList({ defaultValue: [] }),
    parameters: t.field({ type: [SavedQueryParameterInput], defaultValue: [] }),
    cypher: t.string({ required: true, description: 'The Cypher, without a header.' }),
    rule: t.field({
      type: SavedQueryRuleInput,
      description: 'Makes the query an early-warning rule.',
    }),
  }),
});

builder.mutationField('saveQuery', (t) =>
  t.field({
    type: SavedQueryRef,
    description:
      'Saves an analyst query (a new version when the name exists) after checking its header, its $parameters and an EXPLAIN in a read transaction (analysts only).',
    authScopes: { runQueries: true },
    args: { input: t.arg({ type: SaveQueryInput, required: true }) },
    resolve: (_root, { input }, context) =>
      asApiErrors(() =>
        saveQuery(
          context.queries,
          {
            ...input,
            returns: input.returns === 'GRAPH' ? 'graph' : 'table',
            parameters: (input.parameters ?? []).map((parameter) => ({
              ...parameter,
              type: parameter.type.toLowerCase(),
            })),
            rule: input.rule
              ? {
                  ...input.rule,
                  trigger: input.rule.trigger === 'ON_NEW_ORDERS' ? 'on-new-orders' : 'schedule',
                }
              : null,
          },
          context.principal.name,
        ),
      ),
  }),
);
