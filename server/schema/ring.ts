import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import {
  type OrderRecord,
  parseReasons,
  type RingMemberRecord,
  type RingReasonRecord,
  type RingRecord,
  type TimelineRecord,
} from '../db/records.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { entityIdSchema } from './entity-id.ts';
import { Node } from './node.ts';
import { Reason } from './reason.ts';

/** Largest page of any connection; larger `first` values are refused, not clamped. */
export const MAX_PAGE = 100;

export const RingStatus = builder.enumType('RingStatus', {
  description: 'The analyst verdict on a ring; new rings start OPEN.',
  values: {
    OPEN: { value: 'open' },
    CONFIRMED: { value: 'confirmed' },
    DISMISSED: { value: 'dismissed' },
  } as const,
});

export const RingOrderBy = builder.enumType('RingOrderBy', {
  description: 'Sort order of `rings`, highest first.',
  values: {
    SCORE: { value: 'SCORE' },
    EXPOSURE: { value: 'EXPOSURE' },
    SIZE: { value: 'SIZE' },
    LAST_ACTIVITY: { value: 'LAST_ACTIVITY' },
  } as const,
});

export const MemberType = builder.enumType('MemberType', {
  values: { ACCOUNT: { value: 'Account' }, MERCHANT: { value: 'Merchant' } } as const,
});

export const RingMember = builder.objectRef<RingMemberRecord>('RingMember');

RingMember.implement({
  description: 'An account or merchant of a ring with its role and risk there.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.expose('type', { type: MemberType }),
    role: t.exposeString('role', { description: 'buyer, insider or merchant.' }),
    risk: t.exposeFloat('risk'),
    reasons: t.field({ type: [Reason], resolve: (member) => parseReasons(member.reasons) }),
  }),
});

export const Order = builder.objectRef<OrderRecord>('Order');

Order.implement({
  description: 'A BNPL order between members of a ring.',
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeID('account'),
    merchantId: t.exposeID('merchant'),
    createdAt: t.exposeString('createdAt', { nullable: true, description: 'ISO-8601.' }),
    amount: t.exposeFloat('amount', { nullable: true }),
    paymentMethod: t.exposeString('paymentMethod', { nullable: true }),
    status: t.exposeString('status', { nullable: true }),
    repaymentStatus: t.exposeString('repaymentStatus', { nullable: true }),
  }),
});

export const TimelineBucket = builder.objectRef<TimelineRecord>('TimelineBucket');

TimelineBucket.implement({
  description: "A day of a ring's BNPL orders with one repayment status.",
  fields: (t) => ({
    day: t.exposeString('day', { description: 'UTC date, YYYY-MM-DD.' }),
    repaymentStatus: t.exposeString('repaymentStatus', { nullable: true }),
    orders: t.exposeInt('orders'),
    amount: t.exposeFloat('amount'),
  }),
});

type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

/**
 * The text of the cursors `resolveOffsetConnection` issues: an integer offset. -1 is what earlier
 * versions gave as the `endCursor` of an empty first page; clients may still hold one.
 */
const OFFSET_CURSOR = /^OffsetConnection:(-1|0|[1-9]\d{0,14})$/;

/**
 * The offset of a cursor this API issued. Anything else is refused here, before a query: the
 * relay plugin would hand `OffsetConnection:-5` or `OffsetConnection:abc` to Cypher's SKIP as
 * -4 or NaN, and garbage fails inside it without a code.
 */
export function cursorOffset(name: 'after' | 'before', cursor: string): number {
  // Padded base64 only, as the relay plugin's own decoder demands.
  const text = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/.test(cursor)
    ? Buffer.from(cursor, 'base64').toString('utf8')
    : '';
  const match = OFFSET_CURSOR.exec(text);
  if (!match) {
    const shown = cursor.length > 60 ? `${cursor.slice(0, 60)}…` : cursor;
    throw new BadUserInputError(
      `${name}: ${JSON.stringify(shown)} is not a cursor of this list; pass back an edge's \`cursor\` or \`pageInfo.endCursor\` unchanged.`,
    );
  }
  return Number(match[1]);
}

/**
 * Refuses pages above MAX_PAGE, `last` without `before`, and cursors this API did not issue,
 * naming the value and the fix.
 */
function checkPage({ first, last, after, before }: PageArgs): void {
  if (first != null && (first < 0 || first > MAX_PAGE)) {
    throw new BadUserInputError(`first: ${first} is outside 0–${MAX_PAGE}; page with \`after\`.`);
  }
  if (last != null && (last < 0 || last > MAX_PAGE)) {
    throw new BadUserInputError(`last: ${last} is outside 0–${MAX_PAGE}; page with \`before\`.`);
  }
  if (last != null && before == null) {
    throw new BadUserInputError('last: needs `before`; page forward with `first` and `after`.');
  }
  if (after != null) cursorOffset('after', after);
  if (before != null) cursorOffset('before', before);
}

/**
 * One page of an offset connection: the arguments checked (checkPage), at most MAX_PAGE rows
 * fetched. An empty page has null cursors: the relay plugin's would point past the edges that
 * exist (`last: 100, before:` a huge offset said hasPreviousPage with a start cursor 100 lower,
 * and a pager that follows it would ask some 10¹³ times).
 */
export async function offsetPage<T>(
  args: PageArgs,
  fetch: (window: { offset: number; limit: number }) => Promise<T[]>,
) {
  checkPage(args);
  const connection = await resolveOffsetConnection({ args, maxSize: MAX_PAGE }, fetch);
  if (connection.edges.length > 0) return connection;
  return {
    ...connection,
    pageInfo: { ...connection.pageInfo, startCursor: null, endCursor: null },
  };
}

/** The filter arguments of `rings`, as rings.cypher and rings-count.cypher take them. */
type RingFilters = { minScore: number | null; flagged: boolean | null; status: string | null };

export const Ring = builder.objectRef<RingRecord>('Ring');

Ring.implement({
  description:
    'A detected cash-out ring. Every role reads the summary; members, reasons, orders and timeline need investigator or analyst.',
  interfaces: [Node],
  isTypeOf: (record) => (record as { kind?: string }).kind === 'Ring',
  fields: (t) => ({
    id: t.exposeID('id'),
    score: t.exposeFloat('score', { description: 'Ring score, 0–1.' }),
    flagged: t.exposeBoolean('flagged'),
    status: t.expose('status', { type: RingStatus }),
    active: t.exposeBoolean('active', { description: 'False once a later detection retired it.' }),
    size: t.exposeInt('size', { description: 'Accounts plus merchants.' }),
    exposure: t.exposeFloat('exposure', { description: 'Open BNPL amount at risk (CNY).' }),
    orderCount: t.exposeInt('orders', { description: 'BNPL orders between members.' }),
    firstOrderAt: t.exposeString('firstOrderAt', { nullable: true }),
    lastOrderAt: t.exposeString('lastOrderAt', { nullable: true }),
    detectorVersion: t.exposeString('detectorVersion', { nullable: true }),
    members: t.field({
      type: [RingMember],
      authScopes: { readAll: true },
      resolve: (ring, _args, context) =>
        context.read<RingMemberRecord>('ring-members', { id: ring.id }),
    }),
    reasons: t.field({
      type: [Reason],
      authScopes: { readAll: true },
      description: 'Ranked reasons, each with the ids of its evidence.',
      resolve: (ring, _args, context) =>
        context.read<RingReasonRecord>('ring-reasons', { id: ring.id }),
    }),
    timeline: t.field({
      type: [TimelineBucket],
      authScopes: { readAll: true },
      description: 'Orders and amounts per day, by repayment status.',
      resolve: (ring, _args, context) =>
        context.read<TimelineRecord>('ring-timeline', { id: ring.id }),
    }),
    orders: t.connection(
      {
        type: Order,
        authScopes: { readAll: true },
        description: 'BNPL orders placed by member accounts at member merchants, oldest first.',
        resolve: (ring, args, context) =>
          offsetPage(args, ({ offset, limit }) =>
            context.read<OrderRecord>('ring-orders', { id: ring.id, offset, limit }),
          ),
      },
      { name: 'OrderConnection' },
      { name: 'OrderEdge' },
    ),
  }),
});

builder.queryFields((t) => ({
  ring: t.field({
    type: Ring,
    nullable: true,
    description: 'A ring by id, active or retired; null when none has it.',
    authScopes: { summary: true },
    args: { id: t.arg.id({ required: true, validate: entityIdSchema }) },
    resolve: async (_root, { id }, context) =>
      (await context.read<RingRecord>('ring', { id }))[0] ?? null,
  }),
  rings: t.connection(
    {
      type: Ring,
      description: 'Active rings, filtered and sorted (ties by id).',
      authScopes: { summary: true },
      args: {
        minScore: t.arg.float({ validate: z.number().min(0).max(1) }),
        flagged: t.arg.boolean(),
        status: t.arg({ type: RingStatus }),
        orderBy: t.arg({ type: RingOrderBy, defaultValue: 'SCORE' }),
      },
      resolve: async (_root, args, context) => {
        const filters: RingFilters = {
          minScore: args.minScore ?? null,
          flagged: args.flagged ?? null,
          status: args.status ?? null,
        };
        const connection = await offsetPage(args, ({ offset, limit }) =>
          context.read<RingRecord>('rings', {
            ...filters,
            orderBy: args.orderBy ?? 'SCORE',
            offset,
            limit,
          }),
        );
        // The filters ride along so `totalCount` can count, in its own query, only when asked.
        return { ...connection, filters };
      },
    },
    {
      name: 'RingConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Active rings passing the filters, all pages.',
          resolve: async (connection, _args, context) => {
            const { filters } = connection;
            const [row] = await context.read<{ total: number }>('rings-count', filters);
            return row?.total ?? 0;
          },
        }),
      }),
    },
    { name: 'RingEdge' },
  ),
}));

builder.mutationField('setRingStatus', (t) =>
  t.field({
    type: Ring,
    description:
      "Records an analyst verdict on a ring, with an optional note, in the ring's audit log.",
    authScopes: { write: true },
    args: {
      id: t.arg.id({ required: true, validate: entityIdSchema }),
      status: t.arg({ type: RingStatus, required: true }),
      note: t.arg.string({ validate: z.string().max(4000) }),
    },
    resolve: async (_root, { id, status, note }, context) => {
      const [ring] = await context.write<RingRecord>('set-ring-status', {
        id,
        status,
        // A blank note is no note, as addNote refuses one.
        note: note?.trim() || null,
        author: context.principal.name,
        role: context.principal.role,
      });
      if (!ring) throw new NotFoundError('ring', id);
      return ring;
    },
  }),
);
