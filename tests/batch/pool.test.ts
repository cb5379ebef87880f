/**
 * runBatch's pool and isolation with stand-in workers (no alignment): a worker that dies of
 * "out of memory" or exits mid-item fails that item only; the memory budget limits how many run
 * at once; events arrive in a sensible order.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBatch } from '../../src/pipeline/batch/runBatch.js';
import type { BatchEvent } from '../../src/pipeline/batch/types.js';

let dir: string;
let worker: string;

// Speaks the worker protocol: "crash" items die like an out-of-memory kill, "exit" items quit
// without a word, others report done after a short while (so two can overlap).
const FAKE_WORKER = `
if (process.env.CAPSYNC_BATCH_WORKER === '1') {
  process.once('message', (req) => {
    const media = req.options.media.split('/').pop();
    if (media.includes('crash')) {
      process.stderr.write('<--- Last few GCs --->\\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n');
      process.kill(process.pid, 'SIGKILL');
      return;
    }
    if (media.includes('exit')) {
      process.stderr.write('something went badly wrong\\n');
      process.exit(3);
    }
    process.send({ type: 'progress', stage: 'decode', fraction: 1 });
    setTimeout(() => {
      const outcome = {
        audioSeconds: 1, generateSeconds: 0.3, timings: {}, timingFrom: 'audio',
        coverage: { spans: [], coveredSeconds: 1, note: '' },
        words: { total: 2, spoken: 2, placed: 2, unplaced: 0 },
        lowConfidence: { stretches: 0, words: 0 }, notFoundPassages: 0, cues: 1, chapters: 1, warnings: [],
        files: [],
        background: req.options.background.length,
      };
      process.send({ type: 'done', outcome, peakRssMb: 40, cpuSeconds: 0.1 }, () => process.disconnect());
    }, 600);
  });
}
`;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-batch-pool-'));
  worker = path.join(dir, 'fake-worker.mjs');
  await fs.writeFile(worker, FAKE_WORKER);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function folder(name: string, stems: string[]): Promise<string> {
  const d = path.join(dir, name);
  await fs.mkdir(d, { recursive: true });
  for (const s of stems) {
    await fs.writeFile(path.join(d, `${s}.wav`), `not really audio ${s}`);
    await fs.writeFile(path.join(d, `${s}.txt`), `words of ${s}`);
  }
  return d;
}

describe('pool', () => {
  test('a crashed or silently exiting worker fails its item only, with a reason from its exit', async () => {
    const input = await folder('crashes', ['a-crash', 'b-exit', 'c-fine', 'd-fine']);
    const events: BatchEvent[] = [];
    const { report, exitCode } = await runBatch({ input, workerScript: worker, jobs: 2, onEvent: (e) => events.push(e) });
    expect(exitCode).toBe(1);
    const items = Object.fromEntries(report.items.map((i) => [i.name, i]));
    expect(items['a-crash']).toMatchObject({ status: 'failed', code: 'WORKER_CRASHED' });
    expect(items['a-crash'].reason).toBe('the worker ran out of memory (was killed by SIGKILL)');
    expect(items['b-exit']).toMatchObject({ status: 'failed', code: 'WORKER_CRASHED' });
    expect(items['b-exit'].reason).toBe('the worker exited with code 3: something went badly wrong');
    for (const n of ['c-fine', 'd-fine']) {
      expect(items[n]).toMatchObject({ status: 'ok', peakRssMb: 40, cpuSeconds: 0.1 });
      // Each item got the other three transcripts as chapter-title background.
      expect((items[n].outcome as unknown as { background: number }).background).toBe(3);
    }
    // Every item started before it finished, and finished exactly once.
    for (let i = 0; i < 4; i++) {
      const start = events.findIndex((e) => e.type === 'start' && e.index === i);
      const finish = events.findIndex((e) => e.type === 'finish' && e.index === i);
      expect(start).toBeGreaterThan(0);
      expect(finish).toBeGreaterThan(start);
      expect(events.filter((e) => e.type === 'finish' && e.index === i)).toHaveLength(1);
    }
    expect(events[0]).toMatchObject({ type: 'plan', items: 4, jobs: 2 });
    expect(events.some((e) => e.type === 'progress' && e.stage === 'decode')).toBe(true);
  });

  test('the memory budget caps concurrency below --jobs; a roomy budget allows --jobs', async () => {
    const input = await folder('memory', ['m1', 'm2', 'm3', 'm4']);
    // Each item is estimated at ≥ 300 MB: two do not fit in 500 MB.
    const tight = await runBatch({ input, workerScript: worker, jobs: 4, memoryBudgetMb: 500, out: path.join(dir, 'tight') });
    expect(tight.exitCode).toBe(0);
    expect(tight.report.jobs).toMatchObject({ requested: 4, memoryBudgetMb: 500, peakConcurrent: 1 });
    const roomy = await runBatch({ input, workerScript: worker, jobs: 2, memoryBudgetMb: 100_000, out: path.join(dir, 'roomy') });
    expect(roomy.report.jobs.peakConcurrent).toBe(2);
    for (const i of roomy.report.items) expect(i.estimate!.memoryMb).toBeGreaterThanOrEqual(300);
  });

  test('an already-aborted signal starts nothing and reports the batch interrupted', async () => {
    const input = await folder('aborted', ['x1', 'x2']);
    const abort = new AbortController();
    abort.abort();
    const { report, exitCode } = await runBatch({ input, workerScript: worker, signal: abort.signal });
    expect(exitCode).toBe(130);
    expect(report.interrupted).toBe(true);
    expect(report.items.map((i) => [i.status, i.reason])).toEqual([
      ['not-run', 'not started: the batch was interrupted'],
      ['not-run', 'not started: the batch was interrupted'],
    ]);
  });

  test('one batch per output folder at a time', async () => {
    const input = await folder('locked', ['l1']);
    const out = path.join(dir, 'locked-out');
    await fs.mkdir(out, { recursive: true });
    // A live process holds the lock (this one's parent stands in for another batch).
    await fs.writeFile(path.join(out, '.capsync-batch.lock'), `${process.ppid}\n`);
    await expect(runBatch({ input, out, workerScript: worker })).rejects.toThrow(/another capsync batch \(pid \d+\) is writing to/);
    // A dead holder's lock is taken over.
    await fs.writeFile(path.join(out, '.capsync-batch.lock'), '999999999\n');
    const { exitCode } = await runBatch({ input, out, workerScript: worker });
    expect(exitCode).toBe(0);
    expect(await fs.readdir(out)).not.toContain('.capsync-batch.lock');
  });
});
