/** Runs a tool to completion, collecting its output (the corpus tools are small and quick). */
import { spawn } from 'node:child_process';

export function run(
  cmd: string,
  args: string[],
  input?: Buffer,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', (e) =>
      reject(new Error(`cannot run ${cmd} (${e.message}); install the corpus tools with bench/corpus/setup.sh`)),
    );
    p.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }),
    );
    if (input) p.stdin.end(input);
    else p.stdin.end();
  });
}
