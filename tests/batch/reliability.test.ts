/**
 * Batch on awkward inputs and folders, with stand-in workers (no alignment): names that differ
 * only by case, names the batch keeps for itself, output folders that cannot be written,
 * --jobs beyond the machine, and no re-hashing of unchanged inputs of a failed item.
 */
import { execFile } from 'node:child_process';
import { chmodSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBatch } from '../../src/pipeline/batch/runBatch.js';
import { CapsyncError } from '../../src/util/errors.js';
import type { BatchEvent } from '../../src/pipeline/batch/types.js';
import { assertBuilt, CLI, ROOT } from './helpers.js';
import { unprivileged } from '../cli/helpers.js';

const AS_USER = unprivileged();

let dir: string;
let worker: string;

// Reports done after a moment; "bad" items fail as generate would on a corrupt file.
const FAKE_WORKER = `
if (process.env.CAPSYNC_BATCH_WORKER === '1') {
  process.once('message', (req) => {
    const media = req.options.media.split('/').pop();
    setTimeout(() => {
      if (media.includes('bad')) {
        process.send({ type: 'failed', code: 'CORRUPT_MEDIA', message: media + ' could not be decoded', peakRssMb: 40, cpuSeconds: 0.1 }, () => process.disconnect());
        return;
      }
      const outcome = {
        audioSeconds: 1, generateSeconds: 0.3, timings: {}, timingFrom: 'audio',
        coverage: { spans: [], coveredSeconds: 1, note: '' },
        words: { total: 2, spoken: 2, placed: 2, unplaced: 0 },
        lowConfidence: { stretches: 0, words: 0 }, notFoundPassages: 0, cues: 1, chapters: 1, warnings: [], files: [],
      };
      process.send({ type: 'done', outcome, peakRssMb: 40, cpuSeconds: 0.1 }, () => process.disconnect());
    }, 400);
  });
}
`;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-batch-rel-'));
  worker = path.join(dir, 'fake-worker.mjs');
  await fs.writeFile(worker, FAKE_WORKER);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function folder(name: string, media: string[]): Promise<string> {
  const d = path.join(dir, name);
  await fs.mkdir(d, { recursive: true });
  for (const m of media) {
    await fs.writeFile(path.join(d, m), `not really audio ${m}`);
    await fs.writeFile(path.join(d, `${m.replace(/\.[^.]+$/, '')}.txt`), `words of ${m}`);
  }
  return d;
}

describe('names', () => {
  test('media names that differ only by case are all refused, clearly; the others run', async () => {
    const input = await folder('case', ['Talk.wav', 'talk.wav', 'other.wav']);
    const { report, exitCode } = await runBatch({ input, workerScript: worker });
    expect(exitCode).toBe(1);
    const items = Object.fromEntries(report.items.map((i) => [i.name, i]));
    expect(Object.keys(items).sort()).toEqual(['Talk', 'other', 'talk']);
    for (const n of ['Talk', 'talk']) {
      expect(items[n]).toMatchObject({ status: 'failed', code: 'BATCH_STEM_CLASH' });
      expect(items[n].reason).toMatch(/Talk\.wav, talk\.wav have names that differ only by case/);
    }
    expect(items.other.status).toBe('ok');
  });

  test('a media file named like the batch report is refused up front; the report is still written', async () => {
    const input = await folder('reserved', ['batch-report.json.wav', 'fine.wav']);
    const out = path.join(dir, 'reserved-out');
    const { report, reportPath } = await runBatch({ input, out, workerScript: worker });
    const items = Object.fromEntries(report.items.map((i) => [i.name, i]));
    expect(items['batch-report.json']).toMatchObject({ status: 'failed', code: 'BATCH_RESERVED_NAME' });
    expect(items['batch-report.json'].reason).toMatch(/the batch's own report/);
    expect(items.fine.status).toBe('ok');
    expect((await fs.stat(reportPath)).isFile()).toBe(true);
  });

  test('a manifest item named like the lock file is refused before anything runs', async () => {
    const manifest = path.join(dir, 'reserved.json');
    await fs.writeFile(manifest, JSON.stringify([{ media: 'a.wav', transcript: 'a.txt', name: '.capsync-batch.lock' }]));
    const error = await runBatch({ input: manifest, workerScript: worker }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).code).toBe('BATCH_MANIFEST_INVALID');
    expect((error as Error).message).toMatch(/item 1: ".capsync-batch.lock" is the name of the batch's own lock file/);
  });
});

describe('output folders', () => {
  test("an item whose folder cannot be made (a file in its place) fails with a user's reason; the batch goes on", async () => {
    const input = await folder('blocked', ['a.wav', 'b.wav']);
    const out = path.join(dir, 'blocked-out');
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(path.join(out, 'a'), 'a file where the item folder goes');
    const { report } = await runBatch({ input, out, workerScript: worker });
    const items = Object.fromEntries(report.items.map((i) => [i.name, i]));
    expect(items.a).toMatchObject({ status: 'failed', code: 'OUT_NOT_DIRECTORY' });
    expect(items.a.reason).toMatch(/not a directory/);
    expect(items.b.status).toBe('ok');
  });

  // Skipped only where an unprivileged user cannot read this checkout (a clone under a private folder).
  test.skipIf(AS_USER === null)('a read-only output folder is one capsync: line, not an internal error (run unprivileged)', async () => {
    assertBuilt();
    const input = await folder('ro-in', ['a.wav']);
    const out = path.join(dir, 'ro-out');
    await fs.mkdir(out);
    for (const d of [dir, input]) chmodSync(d, 0o755);
    chmodSync(out, 0o555);
    const asNobody = AS_USER ?? {};
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'batch', input, '--out', out, '--quiet'], { cwd: ROOT, ...asNobody }, (error, _o, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr: String(stderr) }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^capsync: cannot write to the output folder .*ro-out: permission denied/);
  });
});

describe('the pool', () => {
  test('--jobs 1000 is capped by the cores (and memory), with a warning', async () => {
    const input = await folder('many', ['j1.wav', 'j2.wav', 'j3.wav', 'j4.wav', 'j5.wav']);
    const events: BatchEvent[] = [];
    const { report } = await runBatch({ input, workerScript: worker, jobs: 1000, memoryBudgetMb: 100_000, onEvent: (e) => events.push(e) });
    const cores = os.availableParallelism();
    expect(report.jobs.requested).toBe(1000);
    expect(report.jobs.effective).toBe(Math.min(cores, 1000));
    expect(report.jobs.peakConcurrent).toBeLessThanOrEqual(cores);
    expect(events.some((e) => e.type === 'warning' && /--jobs 1000 capped at/.test(e.message))).toBe(true);
  });

  test("a failed item's unchanged inputs are not hashed again on a rerun", async () => {
    const input = await folder('rehash', ['bad.wav']);
    const out = path.join(dir, 'rehash-out');
    const first = await runBatch({ input, out, workerScript: worker });
    expect(first.report.items[0]).toMatchObject({ status: 'failed', code: 'CORRUPT_MEDIA' });
    expect(first.report.items[0].hashedBytes).toBeGreaterThan(0);
    const second = await runBatch({ input, out, workerScript: worker });
    expect(second.report.items[0]).toMatchObject({ status: 'failed', hashedBytes: 0, hash: first.report.items[0].hash });
    // An edit is read and hashed again.
    await fs.writeFile(path.join(input, 'bad.wav'), 'different bytes now, and more of them');
    const third = await runBatch({ input, out, workerScript: worker });
    expect(third.report.items[0].hashedBytes).toBeGreaterThan(0);
    expect(third.report.items[0].hash).not.toBe(first.report.items[0].hash);
  });
});
