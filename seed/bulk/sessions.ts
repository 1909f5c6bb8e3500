import fs from 'node:fs';
import path from 'node:path';
import type { SessionRow } from '../contract.ts';
import { readCsv } from '../csv-read.ts';
import { type CsvFileWriter, createCsvFileWriter } from '../csv-writer.ts';
import { hashString } from '../random.ts';
import { compareInstants, equalityKey, parseInstant } from './datetime.ts';
import type { ImportFiles, ImportWriter } from './import-files.ts';

/**
 * Session CSV bytes folded in memory at once (the fold takes several times that in objects);
 * bigger files are split by actor first.
 */
export const SESSION_PARTITION_BYTES = 8 * 1024 * 1024;

type Link = {
  writer: ImportWriter;
  actorId: string;
  target: string;
  /** Distinct times as written, parsed again when the link is written out. */
  times: string[];
  seen: Set<string> | string[];
};

const LINK_HEADER_TAIL = [
  'sessions_at:datetime[]',
  'count:long',
  'first_seen:datetime',
  'last_seen:datetime',
] as const;

/**
 * Folds session rows into USES_DEVICE / USES_IP links as `cypher/load/sessions.cypher` leaves
 * them: `sessions_at` holds the distinct times (Cypher equality: same instant and offset) in
 * Cypher's ascending DateTime order — what the online loader stores, measured on Neo4j 5.26,
 * whatever the row order — `count` their number, `first_seen` / `last_seen` the first and last
 * of that order. Rows of one actor always land in the same partition, so each partition is
 * folded on its own in bounded memory.
 */
export class SessionLinks {
  private readonly partitions: CsvFileWriter[] = [];
  private readonly memory = new Map<string, Link>();
  private readonly writers: Record<
    'account' | 'merchant',
    { device: ImportWriter; ip: ImportWriter }
  >;

  constructor(
    files: ImportFiles,
    private readonly workDir: string,
    partitionCount: number,
  ) {
    const linkFile = (type: string, start: string, end: string) =>
      files.relationships(
        type,
        [`:START_ID(${start})`, `:END_ID(${end})`, ...LINK_HEADER_TAIL],
        `${type}-${start}`,
      );
    this.writers = {
      account: {
        device: linkFile('USES_DEVICE', 'Account', 'Device'),
        ip: linkFile('USES_IP', 'Account', 'IP'),
      },
      merchant: {
        device: linkFile('USES_DEVICE', 'Merchant', 'Device'),
        ip: linkFile('USES_IP', 'Merchant', 'IP'),
      },
    };
    if (partitionCount > 1) {
      for (let i = 0; i < partitionCount; i += 1) {
        this.partitions.push(
          createCsvFileWriter(path.join(workDir, `sessions-part-${i}.csv`), [
            'actor_type',
            'actor_id',
            'device_id',
            'ip',
            'at',
          ]),
        );
      }
    }
  }

  /** Adds one valid session row whose actor exists. */
  add(row: SessionRow): Promise<void> | void {
    if (this.partitions.length === 0) {
      this.fold(row.actor_type, row.actor_id, row.device_id, row.ip, row.at);
      return;
    }
    const index = hashString(`${row.actor_type}\u0000${row.actor_id}`) % this.partitions.length;
    return this.partitions[index]?.write([
      row.actor_type,
      row.actor_id,
      row.device_id,
      row.ip,
      row.at,
    ]);
  }

  /** Writes every link to the importer files and removes the partition files. */
  async finish(): Promise<void> {
    if (this.partitions.length === 0) {
      await this.flush();
      return;
    }
    for (const writer of this.partitions) await writer.close();
    for (let i = 0; i < this.partitions.length; i += 1) {
      const file = path.join(this.workDir, `sessions-part-${i}.csv`);
      let header = true;
      for await (const record of readCsv(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
        if (header || record.kind !== 'record') {
          header = false;
          continue;
        }
        const [actorType, actorId, deviceId, ip, at] = record.fields as [
          string,
          string,
          string,
          string,
          string,
        ];
        this.fold(
          actorType as SessionRow['actor_type'],
          actorId,
          deviceId,
          ip === '' ? undefined : ip,
          at,
        );
      }
      await this.flush();
      fs.rmSync(file, { force: true });
    }
  }

  private fold(
    actorType: SessionRow['actor_type'],
    actorId: string,
    deviceId: string,
    ip: string | undefined,
    at: string,
  ): void {
    const key = equalityKey(parseInstant(at));
    const writers = this.writers[actorType];
    this.foldLink(writers.device, actorId, deviceId, `${actorType}d`, at, key);
    if (ip !== undefined) this.foldLink(writers.ip, actorId, ip, `${actorType}i`, at, key);
  }

  private foldLink(
    writer: ImportWriter,
    actorId: string,
    target: string,
    space: string,
    at: string,
    key: string,
  ): void {
    // Lengths make the joined key unambiguous whatever characters the ids hold.
    const linkKey = `${space}${actorId.length}:${actorId}${target}`;
    const link = this.memory.get(linkKey);
    if (!link) {
      this.memory.set(linkKey, {
        writer,
        actorId,
        target,
        times: [at],
        seen: [key],
      });
      return;
    }
    if (Array.isArray(link.seen)) {
      if (link.seen.includes(key)) return;
      link.seen.push(key);
      if (link.seen.length > 32) link.seen = new Set(link.seen);
    } else {
      if (link.seen.has(key)) return;
      link.seen.add(key);
    }
    link.times.push(at);
  }

  private async flush(): Promise<void> {
    for (const link of this.memory.values()) {
      const times =
        link.times.length === 1
          ? link.times
          : link.times
              .map((text) => ({ text, instant: parseInstant(text) }))
              .sort((a, b) => compareInstants(a.instant, b.instant))
              .map((time) => time.text);
      const wait = link.writer.write([
        link.actorId,
        link.target,
        times.join(';'),
        times.length,
        times[0],
        times[times.length - 1],
      ]);
      if (wait) await wait;
    }
    this.memory.clear();
  }
}
