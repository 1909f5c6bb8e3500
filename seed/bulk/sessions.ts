import fs from 'node:fs';
import path from 'node:path';
import type { SessionRow } from '../contract.ts';
import { readCsv } from '../csv-read.ts';
import { type CsvFileWriter, createCsvFileWriter } from '../csv-writer.ts';
import { mix32 } from '../random.ts';
import { compareUtc, toUtc, type UtcTime } from './datetime.ts';
import type { ImportFiles, ImportWriter } from './import-files.ts';

/**
 * Session CSV bytes folded in memory at once (the fold takes several times that in objects);
 * bigger files are split by actor first.
 */
export const SESSION_PARTITION_BYTES = 8 * 1024 * 1024;

/** One valid session row with its actor, device and IP as node ids of the import. */
export type SessionUse = {
  actorType: SessionRow['actor_type'];
  actor: number;
  device: number;
  ip: number | undefined;
  at: string;
};

type Link = {
  writer: ImportWriter;
  actor: number;
  target: number;
  /** Distinct session instants. */
  times: UtcTime[];
  /** Their UTC spellings, to find repeats; a Set once there are many. */
  seen: Set<string> | string[];
};

const LINK_COLUMNS = [
  'sessions_at:datetime[]',
  'count:long',
  'first_seen:datetime',
  'last_seen:datetime',
] as const;

/**
 * Folds session rows into USES_DEVICE / USES_IP links as `cypher/load/sessions.cypher` leaves
 * them: `sessions_at` holds the distinct instants in UTC (one session written with two offsets
 * is one), earliest first, whatever the row order; `count` their number, `first_seen` /
 * `last_seen` the first and last. Rows of one actor always land in the same partition, so each
 * partition is folded on its own in bounded memory.
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
    const linkFile = (type: string, start: string) =>
      files.relationships(type, start, LINK_COLUMNS);
    this.writers = {
      account: { device: linkFile('USES_DEVICE', 'Account'), ip: linkFile('USES_IP', 'Account') },
      merchant: {
        device: linkFile('USES_DEVICE', 'Merchant'),
        ip: linkFile('USES_IP', 'Merchant'),
      },
    };
    if (partitionCount > 1) {
      for (let i = 0; i < partitionCount; i += 1) {
        this.partitions.push(
          createCsvFileWriter(path.join(workDir, `sessions-part-${i}.csv`), [
            'actor_type',
            'actor',
            'device',
            'ip',
            'at',
          ]),
        );
      }
    }
  }

  /** Adds one session of an actor this load holds; a promise when a file must drain first. */
  add(use: SessionUse): Promise<void> | void {
    if (this.partitions.length === 0) {
      this.fold(use);
      return;
    }
    // Node ids are unique over all labels, so the actor's id alone picks its partition.
    // Mixed: actors' ids come in strides (an account, then its phone and identity).
    return this.partitions[mix32(use.actor) % this.partitions.length]?.write([
      use.actorType,
      use.actor,
      use.device,
      use.ip,
      use.at,
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
        const [actorType, actor, device, ip, at] = record.fields as [
          SessionRow['actor_type'],
          string,
          string,
          string,
          string,
        ];
        this.fold({
          actorType,
          actor: Number(actor),
          device: Number(device),
          ip: ip === '' ? undefined : Number(ip),
          at,
        });
      }
      await this.flush();
      fs.rmSync(file, { force: true });
    }
  }

  private fold({ actorType, actor, device, ip, at }: SessionUse): void {
    const time = toUtc(at);
    const writers = this.writers[actorType];
    this.foldLink(writers.device, actor, device, time);
    if (ip !== undefined) this.foldLink(writers.ip, actor, ip, time);
  }

  private foldLink(writer: ImportWriter, actor: number, target: number, time: UtcTime): void {
    // Node ids are unique over all labels: the pair alone names the link.
    const linkKey = `${actor}:${target}`;
    const link = this.memory.get(linkKey);
    if (!link) {
      this.memory.set(linkKey, { writer, actor, target, times: [time], seen: [time.text] });
      return;
    }
    if (Array.isArray(link.seen)) {
      if (link.seen.includes(time.text)) return;
      link.seen.push(time.text);
      if (link.seen.length > 32) link.seen = new Set(link.seen);
    } else {
      if (link.seen.has(time.text)) return;
      link.seen.add(time.text);
    }
    link.times.push(time);
  }

  private async flush(): Promise<void> {
    for (const link of this.memory.values()) {
      const times = link.times.sort(compareUtc).map((time) => time.text);
      const wait = link.writer.write([
        link.actor,
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
