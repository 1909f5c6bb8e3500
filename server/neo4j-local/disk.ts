import fs from 'node:fs';
import path from 'node:path';
import { RingscopeError } from '../errors.ts';

const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** Neo4j's jars, APOC and GDS (about 0.5 GB) plus Maven's copy of them in ~/.m2. */
export const DOWNLOAD_MIN_FREE_BYTES = 1.5 * GB;

/**
 * Free space the data folder needs for a first start: Neo4j preallocates a 256 MB transaction
 * log for each database (system and neo4j), checkpoints write beside them, and a load grows the
 * store. Later starts only warn below it: their logs are already allocated.
 */
export const DATA_MIN_FREE_BYTES = 1 * GB;

/**
 * Free space a later start still needs: one log rotation or checkpoint. A server that runs out
 * of space mid-write stops accepting transactions, so refuse below it.
 */
export const DATA_RESTART_MIN_FREE_BYTES = 256 * MB;

export type SpaceCheck = {
  folder: string;
  freeBytes: number;
  /** Below this the command stops. */
  neededBytes: number;
  /** Below this (and from `neededBytes` up) it goes on with a warning; unset means no warning. */
  wantedBytes?: number;
  /** What the folder is for, e.g. 'the local Neo4j's data folder'. */
  purpose: string;
  /** The setting that moves the folder elsewhere. */
  moveWith: string;
};

export type SpaceVerdict =
  | { kind: 'enough' }
  | { kind: 'low'; message: string }
  | { kind: 'short'; message: string };

/** Binary units, rounded down (1.0 GB is 1024³ bytes), so a shortfall is never shown rounded up. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(Math.floor((bytes / GB) * 10) / 10).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.floor(bytes / MB)} MB`;
  if (bytes >= KB) return `${Math.floor(bytes / KB)} KB`;
  return `${Math.floor(bytes)} B`;
}

/** Whether a folder with `check.freeBytes` free may be used, and the message when short or low. */
export function spaceVerdict(check: SpaceCheck): SpaceVerdict {
  const where = `Only ${formatBytes(check.freeBytes)} free in ${check.folder} (${check.purpose})`;
  const move = `point ${check.moveWith} at a disk with more room`;
  if (check.freeBytes < check.neededBytes) {
    return {
      kind: 'short',
      message: `${where}; it needs at least ${formatBytes(check.neededBytes)}. Free some space there, or ${move}.`,
    };
  }
  if (check.wantedBytes !== undefined && check.freeBytes < check.wantedBytes) {
    return {
      kind: 'low',
      message: `${where}: enough to start, but writes stop when it fills up, and a load grows the store. Free some space there (${formatBytes(check.wantedBytes)} or more), or ${move}.`,
    };
  }
  return { kind: 'enough' };
}

/**
 * The data folder's check: a first start (no store yet) needs all of DATA_MIN_FREE_BYTES; a
 * later one refuses only below DATA_RESTART_MIN_FREE_BYTES and warns below the first figure.
 */
export function dataFolderCheck(
  folder: string,
  firstStart: boolean,
): Omit<SpaceCheck, 'freeBytes'> {
  return {
    folder,
    neededBytes: firstStart ? DATA_MIN_FREE_BYTES : DATA_RESTART_MIN_FREE_BYTES,
    wantedBytes: DATA_MIN_FREE_BYTES,
    purpose: "the local Neo4j's data folder",
    moveWith: 'RINGSCOPE_HOME',
  };
}

/** Bytes an unprivileged user can still write on the file system holding `folder`. */
export function freeBytesIn(folder: string): number {
  // The folder may not exist yet (first start): its nearest existing parent is on the same disk.
  let existing = path.resolve(folder);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
  }
  const stats = fs.statfsSync(existing);
  return stats.bavail * stats.bsize;
}

/** Measures the folder: throws DISK_FULL when short, logs the warning when low. */
export function checkFreeSpace(
  check: Omit<SpaceCheck, 'freeBytes'>,
  log: (line: string) => void,
): void {
  const verdict = spaceVerdict({ ...check, freeBytes: freeBytesIn(check.folder) });
  if (verdict.kind === 'short') throw new RingscopeError('DISK_FULL', verdict.message);
  if (verdict.kind === 'low') log(verdict.message);
}
