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
import { Node } from './node.ts';
import { Reason } from './reason.ts';

/** Largest page of any connection; larger `first` values are refused, not clamped. */
export const MAX_PAGE = 100;

const idSchema = z.string().min(1).max(200);

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
  before?: string | null;
};

/** Refuses pages above MAX_PAGE, and `last` without `before`, naming the value and the fix. */
export function checkPage({ first, last, before }: PageArgs): void {
  if (first != null && (first < 0 || first > MAX_PAGE)) {
    throw new BadUserInputError(`first: ${first} is outside 0–${MAX_PAGE}; page with \`after\`.`);
  }
  if (last != null && (last < 0 || last > MAX_PAGE)) {
    throw new BadUserInputError(`last: ${last} is outside 0–${MAX_PAGE}; page with \`before\`.`);
  }
  if (last != null && before == null) {
    throw new BadUserInputError('last: needs `before`; page forward with `first` and `after`.');
  }
}

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
        resolve: (ring, args, context) => {
          checkPage(args);
          return resolveOffsetConnection({ args, maxSize: MAX_PAGE }, ({ offset, limit }) =>
            context.read<OrderRecord>('ring-orders', { id: ring.id, offset, limit }),
          );
        },
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
    args: { id: t.arg.id({ required: true, validate: idSchema }) },
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
      resolve: (_root, args, context) => {
        checkPage(args);
        return resolveOffsetConnection({ args, maxSize: MAX_PAGE }, ({ offset, limit }) =>
          context.read<RingRecord>('rings', {
            minScore: args.minScore ?? null,
            flagged: args.flagged ?? null,
            status: args.status ?? null,
            orderBy: args.orderBy ?? 'SCORE',
            offset,
            limit,
          }),
        );
      },
    },
    { name: 'RingConnection' },
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
      id: t.arg.id({ required: true, validate: idSchema }),
      status: t.arg({ type: RingStatus, required: true }),
      note: t.arg.string({ validate: z.string().max(4000) }),
    },
    resolve: async (_root, { id, status, note }, context) => {
      const [ring] = await context.write<RingRecord>('set-ring-status', {
        id,
        status,
        note: note ?? null,
        author: context.principal.name,
        role: context.principal.role,
      });
      if (!ring) throw new NotFoundError('ring', id);
      return ring;
    },
  }),
);
