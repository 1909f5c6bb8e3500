import { builder } from '../builder.ts';
import type { ReasonRecord } from '../db/records.ts';

export const Reason = builder.objectRef<ReasonRecord>('Reason');

Reason.implement({
  description: 'A plain-language reason for a risk or a ring, with the ids of its evidence.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: 'identity, structure, behaviour or outcome.',
    }),
    text: t.exposeString('text'),
    weight: t.exposeFloat('weight', { description: 'Share of the score this reason carries.' }),
    evidence: t.exposeIDList('evidence', {
      description: 'Ids of the orders, accounts, merchants and identifiers behind the reason.',
    }),
  }),
});
