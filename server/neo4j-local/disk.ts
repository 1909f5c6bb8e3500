import fs from 'node:fs';
import path from 'node:path';
import { RingscopeError } from '../errors.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Neo4j's jars, APOC and GDS (about 0.5 GB) plus Maven's copy of them in ~/.m2. */
export const DOWNLOAD_MIN_FREE_BYTES = 1.5 * GB;

/**
 * Free space the data folder needs for a start: Neo4j preallocates a 256 MB transaction log for
 * each database (system and neo4j), checkpoints write beside them, and a load grows the store.
 * A server that runs out of space mid-write stops accepting transactions, so refuse up front.
 */
export const DATA_MIN_FREE_BYTES = 1 * GB;

export type SpaceCheck = {
  folder: string;
  freeBytes: number;
  neededBytes: number;
  /** What the folder is for, e.g. 'the local Neo4j's data folder'. */
  purpose: string;
  /** The setting that moves the folder elsewhere. */
  moveWith: string;
};

export function formatBytes(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.floor(bytes / MB)} MB`;
}

/** The message for a folder short of space, or undefined when there is enough. */
export function diskShortfall(check: SpaceCheck): string | undefined {
  if (check.freeBytes >= check.neededBytes) return undefined;
  return `Only ${formatBytes(check.freeBytes)} free in ${check.folder} (${check.purpose}); it needs at least ${formatBytes(check.neededBytes)}. Free some space there, or point ${check.moveWith} at a disk with more room.`;
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

export function checkFreeSpace(check: Omit<SpaceCheck, 'freeBytes'>): void {
  const message = diskShortfall({ ...check, freeBytes: freeBytesIn(check.folder) });
  if (message) throw new RingscopeError('DISK_FULL', message);
}
