import { builder } from '../builder.ts';
import type { AccountRecord } from '../db/records.ts';
import { entityIdSchema } from './entity-id.ts';
import { memberRiskFields } from './membership.ts';
import { Node } from './node.ts';

export const Account = builder.objectRef<AccountRecord>('Account');

Account.implement({
  description: 'A marketplace buyer account (investigator and analyst only).',
  interfaces: [Node],
  isTypeOf: (record) => (record as { kind?: string }).kind === 'Account',
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.exposeString('createdAt', { nullable: true, description: 'ISO-8601.' }),
    bnplLimit: t.exposeFloat('bnplLimit', { nullable: true }),
    kycLevel: t.exposeInt('kycLevel', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    ...memberRiskFields(t, 'account', 'account-rings'),
  }),
});

builder.queryField('account', (t) =>
  t.field({
    type: Account,
    nullable: true,
    description: 'An account by its input-file id; null when none has it.',
    authScopes: { readAll: true },
    args: { id: t.arg.id({ required: true, validate: entityIdSchema }) },
    resolve: async (_root, { id }, context) =>
      (await context.read<AccountRecord>('account', { id }))[0] ?? null,
  }),
);
