import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_ROOT = path.join(ROOT, 'web');
const VITE_CONFIG = path.join(ROOT, 'vite.config.ts');

/** Where `npm start` serves the production build from. */
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/** Newest modification time of the web app's sources (web/ without its build, the Vite config). */
function newestSource(): number {
  let newest = fs.statSync(VITE_CONFIG).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== WEB_DIST) walk(full);
      } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(WEB_ROOT);
  return newest;
}

/** Vite's command-line script; undefined when Vite is not installed (`npm install --omit=dev`). */
function viteScript(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('vite/package.json');
    const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: { vite: string } };
    return path.join(path.dirname(manifest), bin.vite);
  } catch {
    return undefined;
  }
}

/**
 * Builds the web app with Vite into `outDir`. `mode: 'test'` keeps the `window.__ringscope`
 * hooks that end-to-end tests and the benchmark read. The build runs in its own process: run
 * inside the server, Vite's native bundler left the server at about 410 MB resident instead of
 * 75 MB for as long as it served.
 */
export async function buildWebApp(
  options: { outDir?: string; mode?: 'production' | 'test' } = {},
): Promise<void> {
  const script = viteScript();
  if (script === undefined) throw new Error('Vite is not installed (`npm install` installs it)');
  const args = [
    script,
    'build',
    '--config',
    VITE_CONFIG,
    '--mode',
    options.mode ?? 'production',
    '--logLevel',
    'warn',
    '--outDir',
    options.outDir ?? WEB_DIST,
    '--emptyOutDir',
  ];
  const ended = await new Promise<string | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      // A production bundle in both modes (test mode keeps its hooks through MODE): under
      // Vitest, NODE_ENV=test would make Vite emit an unminified development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve(code === 0 ? null : signal ? `was stopped by ${signal}` : `exited with code ${code}`),
    );
  });
  if (ended) throw new Error(`vite build ${ended} (its messages are above)`);
}

/**
 * Rebuilds web/dist when it is missing or older than its sources, saying so; returns the folder
 * to serve, or undefined when there is no build and Vite is not installed (`--omit=dev`).
 */
export async function ensureWebBuild(log: (line: string) => void): Promise<string | undefined> {
  const index = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : undefined;
  if (built !== undefined && built >= newestSource()) return WEB_DIST;
  log(
    built === undefined
      ? 'Building the web app into web/dist (first start)…'
      : 'Rebuilding the web app (web/ changed since web/dist was built)…',
  );
  const started = Date.now();
  try {
    await buildWebApp();
  } catch (error) {
    if (built !== undefined) {
      log(`The web app build failed, serving the previous one: ${String(error)}`);
      return WEB_DIST;
    }
    log(`The web app could not be built (${String(error)}); serving the API only.`);
    return undefined;
  }
  log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return WEB_DIST;
}
