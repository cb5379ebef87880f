/**
 * Run one batch item in a forked worker process (the compiled worker.js) and collect what it
 * reports. Anything short of a `done`/`failed` message (a crash, an out-of-memory kill, a signal)
 * is turned into a reason from the exit status and the last lines the worker printed.
 */
import { fork } from 'node:child_process';
import type { GenerateOptions, GenerateStage } from '../generate.js';
import type { BatchItemOutcome } from './types.js';
import { WORKER_ENV, type WorkerMessage, type WorkerRequest } from './protocol.js';

export type ItemRunResult =
  | { kind: 'done'; outcome: BatchItemOutcome; peakRssMb: number; cpuSeconds: number; pid: number }
  | { kind: 'failed'; code: string; message: string; peakRssMb: number; cpuSeconds: number; pid: number }
  | { kind: 'exited'; exitCode: number | null; signal: NodeJS.Signals | null; stderrTail: string[]; pid: number };

export interface ItemRun {
  readonly pid: number;
  readonly result: Promise<ItemRunResult>;
  /** Ask the worker to stop (SIGTERM); SIGKILL after `graceMs` if it has not. */
  stop(graceMs: number): void;
}

export interface RunItemOptions {
  workerScript: string;
  options: Omit<GenerateOptions, 'onProgress' | 'onWarning'>;
  onProgress?: (stage: GenerateStage, fraction: number) => void;
}

const STDERR_LINES = 8;

export function runItemInWorker({ workerScript, options, onProgress }: RunItemOptions): ItemRun {
  const child = fork(workerScript, [], {
    // No inherited loaders or inspector flags (a test runner's), one clean Node per item.
    execArgv: [],
    env: { ...process.env, [WORKER_ENV]: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const pid = child.pid ?? -1;
  const stderrTail: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) stderrTail.push(line.trim());
    stderrTail.splice(0, Math.max(0, stderrTail.length - STDERR_LINES));
  });
  child.stdout?.resume();

  let reported: ItemRunResult | null = null;
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'progress') onProgress?.(message.stage, message.fraction);
    else if (message.type === 'done') reported = { kind: 'done', outcome: message.outcome, peakRssMb: message.peakRssMb, cpuSeconds: message.cpuSeconds, pid };
    else if (message.type === 'failed') {
      reported = { kind: 'failed', code: message.code, message: message.message, peakRssMb: message.peakRssMb, cpuSeconds: message.cpuSeconds, pid };
    }
  });

  let killTimer: NodeJS.Timeout | null = null;
  const result = new Promise<ItemRunResult>((resolve) => {
    child.on('error', (error) => {
      stderrTail.push(error.message);
      // Never started (no pid): no 'close' may follow, so settle here.
      if (child.pid === undefined) resolve({ kind: 'exited', exitCode: null, signal: null, stderrTail: stderrTail.slice(-STDERR_LINES), pid });
    });
    // 'close' comes after the exit and after the IPC channel and pipes are drained, so a final message is never lost.
    child.on('close', (exitCode, signal) => {
      if (killTimer) clearTimeout(killTimer);
      if (partial.trim()) stderrTail.push(partial.trim());
      resolve(reported ?? { kind: 'exited', exitCode, signal, stderrTail: stderrTail.slice(-STDERR_LINES), pid });
    });
  });

  const request: WorkerRequest = { type: 'run', options };
  // A worker that failed to start has no channel; its 'error' settles the result.
  if (child.connected) child.send(request, (error) => error && stderrTail.push(`could not send the item to the worker: ${error.message}`));

  return {
    pid,
    result,
    stop(graceMs: number) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (killTimer) return;
      killTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, graceMs);
      killTimer.unref();
    },
  };
}

/** A reason for a worker that ended without reporting. */
export function describeWorkerExit(result: Extract<ItemRunResult, { kind: 'exited' }>): string {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const oom = result.stderrTail.some((l) => /heap out of memory|Allocation failed/i.test(l));
  const last = result.stderrTail.filter((l) => !/^\s*at /.test(l)).slice(-2).join(' | ');
  if (oom) return `the worker ran out of memory (${how})`;
  if (result.signal === 'SIGKILL' && !last) return `the worker ${how} (out of memory? the system may have killed it)`;
  return `the worker ${how}${last ? `: ${last}` : ''}`;
}
