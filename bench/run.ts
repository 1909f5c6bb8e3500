/**
 * Benchmark entry: `npm run bench -- <suite> [flags]`. Each suite is a module exporting
 * `run(argv)`, which prints one JSON object on stdout and saves it under bench/out/.
 */
type Suite = { run(argv: string[]): Promise<void> };

const SUITES: Record<string, () => Promise<Suite>> = {
  load: () => import('./load.ts'),
  detect: () => import('./detect.ts'),
  api: () => import('./api.ts'),
  web: () => import('./web.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const suite = name === undefined ? undefined : SUITES[name];
if (!suite) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(SUITES).join('|')}> [flags]\n`);
  process.exit(1);
}
try {
  await (await suite()).run(rest);
} catch (error) {
  process.stderr.write(
    `bench ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
}
