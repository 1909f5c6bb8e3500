import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AuditEntryRecord, AuditPageRecord } from '../db/records.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { entityIdSchema } from './entity-id.ts';
import { MAX_PAGE, RingStatus } from './ring.ts';

export const AuditAction = builder.enumType('AuditAction', {
  values: {
    NOTE: { value: 'NOTE', description: 'A note added with addNote.' },
    STATUS_CHANGE: { value: 'STATUS_CHANGE', description: 'A ring status set with setRingStatus.' },
  } as const,
});

export const AuditEntry = builder.objectRef<AuditEntryRecord>('AuditEntry');

AuditEntry.implement({
  description: 'One note or status change, with who made it and when.',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.expose('action', { type: AuditAction }),
    targetId: t.exposeID('targetId'),
    author: t.exposeString('author', { description: 'Name of the API key that made the change.' }),
    role: t.exposeString('role'),
    at: t.exposeString('at', { description: 'ISO-8601 (UTC).' }),
    text: t.exposeString('text', { nullable: true, description: 'The note, if any.' }),
    fromStatus: t.expose('fromStatus', { type: RingStatus, nullable: true }),
    toStatus: t.expose('toStatus', { type: RingStatus, nullable: true }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.field({
    type: [AuditEntry],
    description:
      'Notes and status changes of an account, merchant or ring, newest first. A full page may have older entries: ask again with `before` set to the id of its last entry.',
    authScopes: { readAll: true },
    args: {
      targetId: t.arg.id({ required: true, validate: entityIdSchema }),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(MAX_PAGE) }),
      before: t.arg.id({
        description: 'The id of an entry of this target: only entries older than it.',
        validate: entityIdSchema,
      }),
    },
    resolve: async (_root, { targetId, first, before }, context) => {
      const [page] = await context.read<AuditPageRecord>('audit-log', {
        targetId,
        before: before ?? null,
        limit: first ?? 50,
      });
      if (!page?.beforeKnown) {
        throw new BadUserInputError(
          `before: ${JSON.stringify(before)} is not an audit entry of ${JSON.stringify(targetId)}; pass the id of the last entry of the previous page.`,
        );
      }
      return page.entries;
    },
  }),
);

builder.mutationField('addNote', (t) =>
  t.field({
    type: AuditEntry,
    description: "Adds a note to an account, merchant or ring's audit log.",
    authScopes: { write: true },
    args: {
      targetId: t.arg.id({ required: true, validate: entityIdSchema }),
      text: t.arg.string({ required: true, validate: z.string().trim().min(1).max(4000) }),
    },
    resolve: async (_root, { targetId, text }, context) => {
      const [entry] = await context.write<AuditEntryRecord>('add-note', {
        targetId,
        text,
        author: context.principal.name,
        role: context.principal.role,
      });
      if (!entry) throw new NotFoundError('account, merchant or ring', targetId);
      return entry;
    },
  }),
);
