import { z } from 'zod';
import { listAlerts } from '../alerts/list.ts';
import { builder } from '../builder.ts';
import type { AlertRecord } from '../db/records.ts';
import { toApiError } from '../errors.ts';
import { offsetPage } from './ring.ts';

export const Alert = builder.objectRef<AlertRecord>('Alert');

Alert.implement({
  description:
    'An early warning: one per rule and subject, written when a rule (a saved query) first matched it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    rule: t.exposeString('rule', { description: 'The saved query (rule) name.' }),
    ruleTitle: t.exposeString('ruleTitle'),
    createdAt: t.exposeString('createdAt', { description: 'ISO-8601.' }),
    subjectType: t.exposeString('subjectType', { description: 'Account, Merchant or Order.' }),
    subjectId: t.exposeID('subjectId', { description: 'The id of the input files.' }),
    evidenceIds: t.exposeIDList('evidenceIds', {
      description: 'Other entities of the match: accounts, merchants, orders, devices, rings…',
    }),
    summary: t.exposeString('summary', { description: 'One plain-language line.' }),
  }),
});

builder.queryField('alerts', (t) =>
  t.connection(
    {
      type: Alert,
      description: 'Early-warning alerts, newest first (ties by id), optionally of one rule.',
      authScopes: { readAll: true },
      args: { rule: t.arg.string({ validate: z.string().min(1).max(64) }) },
      resolve: async (_root, args, context) => {
        let total = 0;
        try {
          const connection = await offsetPage(
            { ...args, first: args.first ?? 50 },
            async ({ offset, limit }) => {
              const page = await listAlerts(context.queries.db, {
                rule: args.rule ?? null,
                offset,
                limit,
              });
              total = page.total;
              return page.alerts;
            },
          );
          return { ...connection, totalCount: total };
        } catch (error) {
          throw toApiError(error);
        }
      },
    },
    {
      name: 'AlertConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Alerts matching the filter, all pages.',
          resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0,
        }),
      }),
    },
    { name: 'AlertEdge' },
  ),
);
