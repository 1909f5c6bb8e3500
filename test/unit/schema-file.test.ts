import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaText } from '../../server/scripts/print-schema.ts';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing server/schema/)', () => {
    expect(fs.existsSync(SCHEMA_FILE), 'schema.graphql is missing: run `npm run schema`').toBe(
      true,
    );
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('keeps the capabilities services and the web app rely on', () => {
    const text = schemaText();
    for (const field of [
      'ringMembership(accountIds: [ID!]!): [MembershipResult!]!',
      'merchantMembership(merchantIds: [ID!]!): [MembershipResult!]!',
      'node(id: ID!): Node',
      'setRingStatus(id: ID!, note: String, status: RingStatus!): Ring!',
      'addNote(targetId: ID!, text: String!): AuditEntry!',
    ]) {
      expect(text).toContain(field);
    }
  });
});
