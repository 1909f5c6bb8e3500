import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFreeSpace,
  DATA_MIN_FREE_BYTES,
  diskShortfall,
  formatBytes,
  freeBytesIn,
} from '../../server/neo4j-local/disk.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

const dataCheck = {
  folder: '/srv/rs/neo4j/data',
  neededBytes: DATA_MIN_FREE_BYTES,
  purpose: "the local Neo4j's data folder",
  moveWith: 'RINGSCOPE_HOME',
};

describe('diskShortfall (the free-space check of every `db start` and of the first download)', () => {
  it('names the folder, what it is for, the free and the needed space, and how to move it', () => {
    expect(diskShortfall({ ...dataCheck, freeBytes: 812 * MB })).toBe(
      "Only 812 MB free in /srv/rs/neo4j/data (the local Neo4j's data folder); it needs at least 1.0 GB. Free some space there, or point RINGSCOPE_HOME at a disk with more room.",
    );
  });

  it('passes at exactly the needed space and above', () => {
    expect(diskShortfall({ ...dataCheck, freeBytes: DATA_MIN_FREE_BYTES })).toBeUndefined();
    expect(diskShortfall({ ...dataCheck, freeBytes: 70 * GB })).toBeUndefined();
  });

  it('fails on a full disk', () => {
    expect(diskShortfall({ ...dataCheck, freeBytes: 0 })).toMatch(/^Only 0 MB free in /);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 MB'],
    [812 * MB + 5, '812 MB'],
    [1023 * MB, '1023 MB'],
    [GB, '1.0 GB'],
    [1.5 * GB, '1.5 GB'],
    [75.24 * GB, '75.2 GB'],
  ])('%i bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('freeBytesIn / checkFreeSpace on the real file system', () => {
  it('measures a folder that does not exist yet by its nearest existing parent, creating nothing', () => {
    const missing = path.join(os.tmpdir(), `ringscope-none-${process.pid}`, 'neo4j', 'data');
    expect(freeBytesIn(missing)).toBe(freeBytesIn(os.tmpdir()));
    expect(fs.existsSync(path.dirname(path.dirname(missing)))).toBe(false);
  });

  it('throws DISK_FULL with the message when the folder has less than needed', () => {
    expect(() =>
      checkFreeSpace({ ...dataCheck, folder: os.tmpdir(), neededBytes: Number.MAX_SAFE_INTEGER }),
    ).toThrow(
      expect.objectContaining({
        code: 'DISK_FULL',
        message: expect.stringContaining(`free in ${os.tmpdir()} (the local Neo4j's data folder)`),
      }),
    );
    expect(() =>
      checkFreeSpace({ ...dataCheck, folder: os.tmpdir(), neededBytes: 1 }),
    ).not.toThrow();
  });
});
