import path from 'node:path';
import { type CsvFileWriter, type CsvValue, createCsvFileWriter } from '../csv-writer.ts';

const LINE_BREAK = /[\r\n]/;

export type ImportFile = { kind: 'nodes' | 'relationships'; group: string; file: string };

/** One importer CSV: writes rows and notes whether any value spans lines. */
export type ImportWriter = { write(values: readonly CsvValue[]): Promise<void> | void };

/**
 * The CSV files handed to `neo4j-admin database import full`, each with its header row first
 * (`id:ID(Account)`, `:START_ID(Order)`, typed columns such as `created_at:datetime`).
 */
export class ImportFiles {
  private readonly writers = new Map<string, CsvFileWriter>();
  private readonly files: ImportFile[] = [];
  /** Set when a value holds a line break: the importer then needs --multiline-fields. */
  multiline = false;

  constructor(private readonly dir: string) {}

  /** A node file for `label`; `name` tells apart several files of one label. */
  nodes(label: string, header: readonly string[], name = label): ImportWriter {
    return this.open('nodes', label, `nodes-${name}`, header);
  }

  relationships(type: string, header: readonly string[], name = type): ImportWriter {
    return this.open('relationships', type, `rels-${name}`, header);
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
