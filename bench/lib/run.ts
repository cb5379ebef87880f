/**
 * Runs a benchmark command and measures its wall time and peak memory.
 *
 * Peak memory is taken two ways and the larger is reported:
 * - GNU time's %M (`/usr/bin/time`, Debian package `time`): the kernel's peak RSS of the largest
 *   single process in the tree (exact, but a max over processes, not a sum);
 * - polling /proc every 50 ms and summing VmRSS over the whole process tree (catches a pipeline
 *   of concurrent processes, e.g. node + ffmpeg, but can miss a short spike).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface RunResult {
  command: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallSeconds: number;
  /** Peak RSS of the largest process (GNU time %M), MB (10^6 bytes); null without GNU time. */
  peakProcessMB: number | null;
  /** Peak of the summed RSS of the whole process tree, sampled from /proc, MB. */
  peakTreeMB: number;
  /** max(peakProcessMB, peakTreeMB). */
  peakMB: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the tree after this many seconds. */
  timeoutSeconds?: number;
  /** Echo the child's stderr as it runs. */
  passStderr?: boolean;
}

function childrenOf(pid: number): number[] {
  // /proc/<pid>/task/<tid>/children lists direct children per thread (Linux ≥ 3.5).
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    }
  } catch {
    // The process exited between listing and reading.
  }
  return out;
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Summed RSS of `root` and all its descendants, excluding GNU time itself when it is the root. */
export function treeRssBytes(root: number, skipRoot = false): number {
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!(skipRoot && pid === root)) total += rssBytes(pid);
    stack.push(...childrenOf(pid));
  }
  return total;
}

const MB = 1e6;

/** Runs `command` once, measuring wall time and peak memory of its process tree. */
export function runMeasured(command: string[], opts: RunOptions = {}): Promise<RunResult> {
  const useTime = existsSync(GNU_TIME);
  const tmp = mkdtempSync(join(tmpdir(), 'capsync-bench-'));
  const timeFile = join(tmp, 'time.txt');
  const argv = useTime ? [GNU_TIME, '-o', timeFile, '-f', '%e %M', ...command] : command;

  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // detached: the child leads its own process group, so a timeout can kill the whole tree.
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.passStderr) process.stderr.write(d);
    });
    let peakTree = 0;
    const poll = setInterval(() => {
      if (child.pid) peakTree = Math.max(peakTree, treeRssBytes(child.pid, useTime));
    }, 50);
    let timedOut = false;
    const timer =
      opts.timeoutSeconds != null
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }, opts.timeoutSeconds * 1000)
        : null;
    child.on('error', (err) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wall = (performance.now() - t0) / 1000;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      let peakProcessMB: number | null = null;
      const exitCode = code;
      if (useTime && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        // GNU time prints "Command exited with non-zero status N" before the format line.
        const m = /^([\d.]+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
        if (m) peakProcessMB = (Number(m[2]) * 1024) / MB;
      }
      rmSync(tmp, { recursive: true, force: true });
      const peakTreeMB = peakTree / MB;
      resolve({
        command,
        exitCode,
        signal,
        timedOut,
        wallSeconds: wall,
        peakProcessMB,
        peakTreeMB,
        peakMB: Math.max(peakProcessMB ?? 0, peakTreeMB),
        stdout,
        stderr,
      });
    });
  });
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export interface RepeatedRun {
  runs: RunResult[];
  /** Medians over the successful runs (NaN when none succeeded). */
  wallSeconds: number;
  peakMB: number;
  ok: boolean;
}

/**
 * Runs a command `n` times in sequence (never concurrently: they would share the two cores)
 * and reports median wall time and peak memory. `prepare(i)` runs before each attempt, e.g. to
 * clear the previous output; stops early if a run fails.
 */
export async function runRepeated(
  n: number,
  command: (i: number) => string[],
  opts: RunOptions & { prepare?: (i: number) => void } = {},
): Promise<RepeatedRun> {
  const runs: RunResult[] = [];
  for (let i = 0; i < n; i++) {
    opts.prepare?.(i);
    const r = await runMeasured(command(i), opts);
    runs.push(r);
    if (r.exitCode !== 0) break;
  }
  const good = runs.filter((r) => r.exitCode === 0);
  return {
    runs,
    wallSeconds: median(good.map((r) => r.wallSeconds)),
    peakMB: median(good.map((r) => r.peakMB)),
    ok: good.length === runs.length && good.length > 0,
  };
}
