import { z } from 'zod';
import { builder } from '../builder.ts';
import { type MembershipRecord, type MerchantRecord, parseReasons } from '../db/records.ts';
import { Membership } from './membership.ts';
import { Node } from './node.ts';
import { Reason } from './reason.ts';

export const Merchant = builder.objectRef<MerchantRecord>('Merchant');

Merchant.implement({
  description: 'A marketplace merchant (investigator and analyst only).',
  interfaces: [Node],
  isTypeOf: (record) => (record as { kind?: string }).kind === 'Merchant',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { nullable: true }),
    createdAt: t.exposeString('createdAt', { nullable: true, description: 'ISO-8601.' }),
    category: t.exposeString('category', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    risk: t.exposeFloat('risk', {
      nullable: true,
      description: 'Highest member risk over its active rings (0–1); null when in none.',
    }),
    reasons: t.field({
      type: [Reason],
      description: 'Why, for the riskiest membership.',
      resolve: (merchant) => parseReasons(merchant.riskReasons),
    }),
    rings: t.field({
      type: [Membership],
      description: 'Every ring the merchant is in (active first), with role and risk.',
      resolve: (merchant, _args, context) =>
        context.read<MembershipRecord>('merchant-rings', { id: merchant.id }),
    }),
  }),
});

builder.queryField('merchant', (t) =>
  t.field({
    type: Merchant,
    nullable: true,
    description: 'A merchant by its input-file id; null when none has it.',
    authScopes: { readAll: true },
    args: { id: t.arg.id({ required: true, validate: z.string().min(1).max(200) }) },
    resolve: async (_root, { id }, context) =>
      (await context.read<MerchantRecord>('merchant', { id }))[0] ?? null,
  }),
);
