import { builder } from '../builder.ts';
import type { MerchantRecord } from '../db/records.ts';
import { entityIdSchema } from './entity-id.ts';
import { memberRiskFields } from './membership.ts';
import { Node } from './node.ts';

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
    ...memberRiskFields(t, 'merchant', 'merchant-rings'),
  }),
});

builder.queryField('merchant', (t) =>
  t.field({
    type: Merchant,
    nullable: true,
    description: 'A merchant by its input-file id; null when none has it.',
    authScopes: { readAll: true },
    args: { id: t.arg.id({ required: true, validate: entityIdSchema }) },
    resolve: async (_root, { id }, context) =>
      (await context.read<MerchantRecord>('merchant', { id }))[0] ?? null,
  }),
);
