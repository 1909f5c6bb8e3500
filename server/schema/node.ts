import { builder } from '../builder.ts';
import type { NodeRecord } from '../db/records.ts';
import { entityIdSchema } from './entity-id.ts';

export const Node = builder.interfaceRef<NodeRecord>('Node');

Node.implement({
  description:
    'An entity with an API id: the id of the input files (accounts, merchants) or a ring id.',
  resolveType: (record) => record.kind,
  fields: (t) => ({
    id: t.exposeID('id'),
  }),
});

/** The query that loads one entity of each `Node` type by id. */
const LOADERS = { Account: 'account', Merchant: 'merchant', Ring: 'ring' } as const;

builder.queryField('node', (t) =>
  t.field({
    type: Node,
    nullable: true,
    description: 'Any account, merchant or ring by id; null when none has it.',
    authScopes: { readAll: true },
    args: { id: t.arg.id({ required: true, validate: entityIdSchema }) },
    resolve: async (_root, { id }, context) => {
      const [found] = await context.read<{ kind: keyof typeof LOADERS }>('node-kind', { id });
      if (!found) return null;
      const [record] = await context.read<NodeRecord>(LOADERS[found.kind], { id });
      return record ?? null;
    },
  }),
);
