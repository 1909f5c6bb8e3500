import { z } from 'zod';
import { builder } from '../builder.ts';
import type { SearchHitRecord } from '../db/records.ts';
import { MAX_PAGE } from './ring.ts';

export const SearchHit = builder.objectRef<SearchHitRecord>('SearchHit');

SearchHit.implement({
  description: 'An entity found by `search`.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('type', {
      description: 'Account, Merchant, Device, Phone or Tracking.',
    }),
    label: t.exposeString('label', { description: 'Merchant name, else the id.' }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Accounts, merchants, devices, phones and tracking numbers whose id (or merchant name) starts with `text`; shortest first.',
    authScopes: { readAll: true },
    args: {
      text: t.arg.string({ required: true, validate: z.string().trim().min(1).max(200) }),
      first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(MAX_PAGE) }),
    },
    resolve: (_root, { text, first }, context) =>
      context.read<SearchHitRecord>('search', { prefix: text.trim(), limit: first ?? 20 }),
  }),
);
