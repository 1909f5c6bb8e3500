import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { javaArgumentFile, withArgumentFile } from '../../server/neo4j-local/process.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-argfile-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const hasJava = !spawnSync('java', ['-version']).error;

describe('withArgumentFile (arguments kept off the command line, out of `ps`)', () => {
  it('hands over a file only its owner can read, holding the arguments, and removes it afterwards', () => {
    const seen = withArgumentFile(dir, ['org.neo4j.cli.AdminTool', 'secret-0123'], (file) => ({
      file,
      mode: fs.statSync(file).mode & 0o777,
      text: fs.readFileSync(file, 'utf8'),
    }));
    expect(path.dirname(seen.file)).toBe(dir);
    expect(seen.mode).toBe(0o600);
    expect(seen.text).toBe('"org.neo4j.cli.AdminTool"\n"secret-0123"\n');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('removes the file when the command throws too', () => {
    expect(() =>
      withArgumentFile(dir, ['x'], () => {
        throw new Error('java failed');
      }),
    ).toThrow('java failed');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.runIf(hasJava)(
    'is read back by the java launcher argument for argument: spaces, quotes, backslashes, #, leading dash',
    () => {
      const value = 'a b "c" d\\e #f -g @h';
      const result = withArgumentFile(
        dir,
        [`-Dringscope.argfile=${value}`, '-XshowSettings:properties', '-version'],
        (file) => spawnSync('java', [`@${file}`], { encoding: 'utf8' }),
      );
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`ringscope.argfile = ${value}\n`);
    },
  );
});

describe('javaArgumentFile', () => {
  it('writes one double-quoted argument a line, escaping backslashes, quotes and line breaks', () => {
    expect(javaArgumentFile(['plain', 'C:\\dir', 'say "hi"', 'two\nlines'])).toBe(
      '"plain"\n"C:\\\\dir"\n"say \\"hi\\""\n"two\\nlines"\n',
    );
  });
});
