import path from 'node:path';
import { type CsvFileWriter, type CsvValue, createCsvFileWriter } from '../csv-writer.ts';

const LINE_BREAK = /[\r\n]/;

export type ImportFile = { kind: 'nodes' | 'relationships'; group: string; file: string };

/** One importer CSV: writes rows and notes whether any value spans lines. */
export type ImportWriter = { write(values: readonly CsvValue[]): Promise<void> | void };

/**
 * The CSV files handed to `neo4j-admin database import full --id-type=actual`, each with its
 * header row first: node files start with the node id (`:ID`), relationship files with the ids
 * of both ends (`:START_ID`, `:END_ID`), then the named, typed columns (`created_at:datetime`).
 */
export class ImportFiles {
  private readonly writers = new Map<string, CsvFileWriter>();
  private readonly files: ImportFile[] = [];
  /** Set when a value holds a line break: the importer then needs --multiline-fields. */
  multiline = false;

  constructor(private readonly dir: string) {}

  /** A node file for `label`: each row is the node id, then the `columns`. */
  nodes(label: string, columns: readonly string[]): ImportWriter {
    return this.open('nodes', label, `nodes-${label}`, [':ID', ...columns]);
  }

  /**
   * The relationship file for `type` from nodes of `start` (one type may link several labels),
   * rows starting with the ids of both ends.
   */
  relationships(type: string, start: string, columns: readonly string[] = []): ImportWriter {
    const header = [':START_ID', ':END_ID', ...columns];
    return this.open('relationships', type, `rels-${type}-${start}`, header);
  }

  list(): readonly ImportFile[] {
    return this.files;
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const writer of this.writers.values()) {
      try {
        await writer.close();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  private open(
    kind: ImportFile['kind'],
    group: string,
    name: string,
    header: readonly string[],
  ): ImportWriter {
    const file = path.join(this.dir, `${name}.csv`);
    let writer = this.writers.get(file);
    if (!writer) {
      writer = createCsvFileWriter(file, header);
      this.writers.set(file, writer);
      this.files.push({ kind, group, file });
    }
    const target = writer;
    return {
      write: (values) => {
        if (!this.multiline) {
          for (const value of values) {
            if (typeof value === 'string' && LINE_BREAK.test(value)) this.multiline = true;
          }
        }
        return target.write(values);
      },
    };
  }
}
