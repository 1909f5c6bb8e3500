import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFreeSpace,
  DATA_MIN_FREE_BYTES,
  DATA_RESTART_MIN_FREE_BYTES,
  dataFolderCheck,
  formatBytes,
  freeBytesIn,
  spaceVerdict,
} from '../../server/neo4j-local/disk.ts';
import { allocatesTransactionLogs } from '../../server/neo4j-local/process.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

const folder = '/srv/rs/neo4j/data';
const firstStart = dataFolderCheck(folder, true);
const restart = dataFolderCheck(folder, false);

describe('the data folder check of `db start` (dataFolderCheck + spaceVerdict)', () => {
  it('on a first start, refuses below 1 GB, naming the folder, what it is for, the free and the needed space, and how to move it', () => {
    expect(spaceVerdict({ ...firstStart, freeBytes: 812 * MB })).toEqual({
      kind: 'short',
      message:
        "Only 812 MB free in /srv/rs/neo4j/data (the local Neo4j's data folder); it needs at least 1.0 GB. Free some space there, or point RINGSCOPE_HOME at a disk with more room.",
    });
  });

  it('on a first start, passes from 1 GB up, without a warning', () => {
    expect(spaceVerdict({ ...firstStart, freeBytes: DATA_MIN_FREE_BYTES })).toEqual({
      kind: 'enough',
    });
    expect(spaceVerdict({ ...firstStart, freeBytes: 70 * GB })).toEqual({ kind: 'enough' });
  });

  it('on a later start (transaction logs already there), starts below 1 GB with a warning', () => {
    expect(spaceVerdict({ ...restart, freeBytes: 812 * MB })).toEqual({
      kind: 'low',
      message:
        "Only 812 MB free in /srv/rs/neo4j/data (the local Neo4j's data folder): enough to start, but writes stop when it fills up, and a load grows the store. Free some space there (1.0 GB or more), or point RINGSCOPE_HOME at a disk with more room.",
    });
    expect(spaceVerdict({ ...restart, freeBytes: DATA_RESTART_MIN_FREE_BYTES })).toMatchObject({
      kind: 'low',
    });
    expect(spaceVerdict({ ...restart, freeBytes: DATA_MIN_FREE_BYTES })).toEqual({
      kind: 'enough',
    });
  });

  it('on a later start, still refuses below 256 MB (one checkpoint or log rotation)', () => {
    expect(DATA_RESTART_MIN_FREE_BYTES).toBe(256 * MB);
    expect(spaceVerdict({ ...restart, freeBytes: 255 * MB })).toMatchObject({
      kind: 'short',
      message: expect.stringMatching(/^Only 255 MB free in .*; it needs at least 256 MB\. /),
    });
  });

  it('refuses a full disk, on any start', () => {
    for (const check of [firstStart, restart]) {
      expect(spaceVerdict({ ...check, freeBytes: 0 })).toMatchObject({
        kind: 'short',
        message: expect.stringMatching(/^Only 0 B free in /),
      });
    }
  });
});

describe('formatBytes (binary units, rounded down)', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [300 * 1024 + 700, '300 KB'],
    [MB - 1, '1023 KB'],
    [MB, '1 MB'],
    [812 * MB + 5, '812 MB'],
    [1023 * MB, '1023 MB'],
    [GB, '1.0 GB'],
    [1.5 * GB, '1.5 GB'],
    [1.49 * GB, '1.4 GB'],
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
    const said: string[] = [];
    expect(() =>
      checkFreeSpace(
        { ...firstStart, folder: os.tmpdir(), neededBytes: Number.MAX_SAFE_INTEGER },
        (line) => said.push(line),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'DISK_FULL',
        message: expect.stringContaining(`free in ${os.tmpdir()} (the local Neo4j's data folder)`),
      }),
    );
    expect(said).toEqual([]);
  });

  it('logs the warning and goes on when the folder has what is needed but less than wanted', () => {
    const said: string[] = [];
    checkFreeSpace(
      { ...restart, folder: os.tmpdir(), neededBytes: 1, wantedBytes: Number.MAX_SAFE_INTEGER },
      (line) => said.push(line),
    );
    expect(said).toEqual([expect.stringContaining(': enough to start, but writes stop')]);
    said.length = 0;
    checkFreeSpace({ ...restart, folder: os.tmpdir(), neededBytes: 1, wantedBytes: 1 }, (line) =>
      said.push(line),
    );
    expect(said).toEqual([]);
  });
});

describe('allocatesTransactionLogs (whether `db start` needs the first-start space)', () => {
  it('is true until both databases have their transaction log folder, whatever data/databases/ holds', () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-data-'));
    try {
      expect(allocatesTransactionLogs(data)).toBe(true);
      // The store folders alone (a first start that died before its logs) reserve nothing.
      for (const name of ['system', 'neo4j']) {
        fs.mkdirSync(path.join(data, 'databases', name), { recursive: true });
      }
      expect(allocatesTransactionLogs(data)).toBe(true);
      fs.mkdirSync(path.join(data, 'transactions', 'neo4j'), { recursive: true });
      expect(allocatesTransactionLogs(data)).toBe(true);
      fs.mkdirSync(path.join(data, 'transactions', 'system'), { recursive: true });
      expect(allocatesTransactionLogs(data)).toBe(false);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
