import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { isRingscopeError, type RingscopeError } from '../../server/errors.ts';
import { serve } from '../../server/main.ts';
import { testEnv } from '../helpers/neo4j.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ringscope serve`'s environment against the test database, API only. */
function serveEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...testEnv(),
    NODE_ENV: 'test',
    RINGSCOPE_API_KEYS: 'serve-test-key-000001:service',
    RINGSCOPE_ALERT_INTERVAL_S: '0',
    PORT: '0',
    ...overrides,
  };
}

const serveConfig = (overrides: Record<string, string>) => readConfig(serveEnv(overrides));

async function serveFailure(overrides: Record<string, string>): Promise<RingscopeError> {
  const error = await serve(serveConfig(overrides), () => undefined).then(
    async (served) => {
      await served.close();
      throw new Error('serve should have refused');
    },
    (failure: unknown) => failure,
  );
  if (!isRingscopeError(error)) throw error;
  return error;
}

/** An IPv4 address of this machine other than loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('serve', () => {
  it('listens on HOST only and prints its URLs with that host', async () => {
    const served = await serve(serveConfig({ HOST: '127.0.0.1' }), () => undefined);
    try {
      const { port, hostname } = new URL(served.origin);
      expect(hostname).toBe('127.0.0.1');
      expect(served.url).toBe(`${served.origin}/graphql`);
      expect((await fetch(`${served.origin}/health`)).status).toBe(200);
      const outside = outsideAddress();
      if (outside !== undefined) {
        await expect(fetch(`http://${outside}:${port}/health`)).rejects.toThrow();
      }
    } finally {
      await served.close();
    }
  });

  it('refuses a taken port with PORT_TAKEN and says which variable moves it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const error = await serveFailure({ HOST: '127.0.0.1', PORT: String(port) });
      expect(error.code).toBe('PORT_TAKEN');
      expect(error.message).toBe(
        `Another program listens on 127.0.0.1 port ${port}. Stop it, or choose another port with PORT.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits after refusing a taken port: the driver it opened is closed, not left holding the process', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const script = `import { readConfig } from './server/config.ts';
      import { serve } from './server/main.ts';
      await serve(readConfig(), () => undefined).catch((error) => {
        process.stderr.write(error.code);
        process.exitCode = 7;
      });`;
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: ROOT,
          env: { ...serveEnv({ HOST: '127.0.0.1', PORT: String(port) }) },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
      });
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await new Promise((resolve) => child.once('close', resolve));
      clearTimeout(killer);
      expect(stderr).toBe('PORT_TAKEN');
      expect(code).toBe(7);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a HOST that is not an address of this machine with HOST_INVALID', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    const error = await serveFailure({ HOST: '192.0.2.7' });
    expect(error.code).toBe('HOST_INVALID');
    expect(error.message).toContain('HOST=192.0.2.7 is not an address of this machine.');
  });
});
