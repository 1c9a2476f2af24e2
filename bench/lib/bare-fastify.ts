/**
 * The floor under the service's HTTP figures: a bare Fastify server (Fastify's defaults, one route that parses the
 * JSON body and answers `{ valid: true }`), in a process of its own as the service is. Run as a script it serves on
 * the port it is given; `startBareFastify` starts it so.
 */
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import { freePort } from '../../test/support/free-port';

export interface BareFastify {
  url: string;
  stop(): Promise<void>;
}

export async function startBareFastify(): Promise<BareFastify> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare Fastify exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (require.main === module) {
  const app = Fastify();
  app.post('/v1/events', (req) => ({ valid: true, type: (req.body as { type?: unknown }).type }));
  void app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).then(() => console.log('listening'));
}
