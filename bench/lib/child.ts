import { spawn } from 'node:child_process';
import { ROOT } from './product';

/** Runs a TypeScript file in its own Node process (through tsx); resolves with what it printed. */
export function runChild(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`${args[0]} exited ${code}: ${err}`)),
    );
  });
}
