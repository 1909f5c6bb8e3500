import { z } from 'zod';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import {
  type MembershipRecord,
  type MembershipResultRecord,
  parseReasons,
  type RingSummaryRecord,
} from '../db/records.ts';
import { BadUserInputError } from '../errors.ts';
import { Reason } from './reason.ts';
import { Ring, RingStatus } from './ring.ts';

/** Most ids one membership call accepts: one round-trip stays in the millisecond range. */
export const MAX_MEMBERSHIP_IDS = 1000;

export const RingSummary = builder.objectRef<RingSummaryRecord>('RingSummary');

RingSummary.implement({
  description: 'The few ring facts a checkout or credit decision needs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    score: t.exposeFloat('score'),
    flagged: t.exposeBoolean('flagged'),
    status: t.expose('status', { type: RingStatus }),
  }),
});

export const MembershipResult = builder.objectRef<MembershipResultRecord>('MembershipResult');

MembershipResult.implement({
  description: 'Ring membership of one requested account or merchant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id as requested.' }),
    found: t.exposeBoolean('found', { description: 'False when no entity has this id.' }),
    risk: t.exposeFloat('risk', {
      nullable: true,
      description: 'Highest member risk over its active rings (0–1); null when in none.',
    }),
    rings: t.expose('rings', {
      type: [RingSummary],
      description:
        'Active rings, the riskiest membership first (ties: higher ring score): `rings[0]` is the ring `risk` and `reasons` describe.',
    }),
    reasons: t.field({
      type: [Reason],
      description: 'Why, for the riskiest membership (`rings[0]`).',
      resolve: (result) => parseReasons(result.reasons),
    }),
  }),
});

export const Membership = builder.objectRef<MembershipRecord>('Membership');

type RiskBearing = { id: string; risk: number | null; riskReasons: string | null };

/** `risk`, `reasons` and `rings` of an account or merchant; `ringsQuery` lists its memberships. */
export function memberRiskFields<T extends RiskBearing>(
  t: PothosSchemaTypes.ObjectFieldBuilder<typeof builder.$inferSchemaTypes, T>,
  noun: 'account' | 'merchant',
  ringsQuery: 'account-rings' | 'merchant-rings',
) {
  return {
    risk: t.float({
      nullable: true,
      description: 'Highest member risk over its active rings (0–1); null when in none.',
      resolve: (entity) => entity.risk,
    }),
    reasons: t.field({
      type: [Reason],
      description: 'Why, for the riskiest membership.',
      resolve: (entity) => parseReasons(entity.riskReasons),
    }),
    rings: t.field({
      type: [Membership],
      description: `Every ring the ${noun} is in (active first), with role and risk.`,
      resolve: (entity, _args, context) =>
        context.read<MembershipRecord>(ringsQuery, { id: entity.id }),
    }),
  };
}

Membership.implement({
  description: 'An account or merchant in one ring, with its role and risk there.',
  fields: (t) => ({
    ring: t.expose('ring', { type: Ring }),
    role: t.exposeString('role', { description: 'buyer, insider or merchant.' }),
    risk: t.exposeFloat('risk'),
    reasons: t.field({ type: [Reason], resolve: (m) => parseReasons(m.reasons) }),
  }),
});

// No per-id length check: an empty or overlong id is merely unknown, so it answers found: false
// in its position instead of failing the other 999 ids of the batch. The body limit bounds size.
const idsSchema = z
  .array(z.string())
  .max(MAX_MEMBERSHIP_IDS, `at most ${MAX_MEMBERSHIP_IDS} ids per call; split the list`);

/** Ids asked for so far by each request's membership fields. */
const idsAsked = new WeakMap<GraphQLContext, number>();

/**
 * Counts `ids` against the request's budget: the 1,000 ids are per request, not per field, or
 * fifteen aliases of one field would make one request fifteen times the work.
 */
function spendIds(context: GraphQLContext, ids: readonly string[]): readonly string[] {
  const asked = (idsAsked.get(context) ?? 0) + ids.length;
  if (asked > MAX_MEMBERSHIP_IDS) {
    throw new BadUserInputError(
      `at most ${MAX_MEMBERSHIP_IDS} ids per request across its membership fields (this one asks for ${asked}); split it`,
    );
  }
  idsAsked.set(context, asked);
  return ids;
}

builder.queryFields((t) => ({
  ringMembership: t.field({
    type: [MembershipResult],
    description:
      'Are these accounts in a ring, how risky, why? One result per id, in request order; up to 1,000 ids.',
    authScopes: { summary: true },
    args: { accountIds: t.arg.idList({ required: true, validate: idsSchema }) },
    resolve: (_root, { accountIds }, context) =>
      context.read<MembershipResultRecord>('account-membership', {
        ids: spendIds(context, accountIds),
      }),
  }),
  merchantMembership: t.field({
    type: [MembershipResult],
    description:
      'Are these merchants in a ring, how risky, why? One result per id, in request order; up to 1,000 ids.',
    authScopes: { summary: true },
    args: { merchantIds: t.arg.idList({ required: true, validate: idsSchema }) },
    resolve: (_root, { merchantIds }, context) =>
      context.read<MembershipResultRecord>('merchant-membership', {
        ids: spendIds(context, merchantIds),
      }),
  }),
}));
