import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testEnv } from './neo4j.ts';

/** The repository root, where the CLI runs from as after a clone. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs `node server/cli/bin.mjs …` from the repository root, against the test database unless
 * `env` says otherwise, and collects its exit code and output.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = testEnv()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/cli/bin.mjs', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
