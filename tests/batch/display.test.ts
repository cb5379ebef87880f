/** What a batch shows on stderr: plain lines off a terminal, bars on one, nothing when quiet; the summary table. */
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createBatchDisplay, formatBatchSummary } from '../../src/pipeline/batch/display.js';
import { itemFraction } from '../../src/pipeline/batch/display.js';
import type { BatchEvent, BatchItemResult, BatchReport } from '../../src/pipeline/batch/types.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns = 80) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
const stream = (tty: boolean, columns = 80): Capture & NodeJS.WriteStream => new Capture(tty, columns) as Capture & NodeJS.WriteStream;

function result(name: string, status: BatchItemResult['status'], extra: Partial<BatchItemResult> = {}): BatchItemResult {
  return {
    name,
    status,
    reason: null,
    code: null,
    media: `/in/${name}.mp4`,
    transcript: `/in/${name}.txt`,
    description: null,
    outDir: `/out/${name}`,
    seconds: 12.34,
    estimate: { audioSeconds: 300, memoryMb: 600 },
    peakRssMb: 480,
    cpuSeconds: 11.5,
    hash: 'h',
    outcome:
      status === 'ok' || status === 'skipped'
        ? {
            audioSeconds: 301,
            generateSeconds: 11,
            timings: {},
            timingFrom: 'audio',
            coverage: { spans: [{ start: 1, end: 290 }], coveredSeconds: 289, note: 'transcript covers 0:01–4:50 of 5:01' },
            words: { total: 700, spoken: 700, placed: 690, unplaced: 10 },
            lowConfidence: { stretches: 2, words: 14 },
            notFoundPassages: 0,
            cues: 120,
            chapters: 5,
            warnings: [],
            files: [`/out/${name}/${name}.vtt`],
          }
        : null,
    generatedAt: null,
    ...extra,
  };
}

const events: BatchEvent[] = [
  { type: 'plan', items: 3, jobs: 2, memoryBudgetMb: 16_000, out: '/out' },
  { type: 'start', index: 0, name: 'monday', estimateMb: 600 },
  { type: 'start', index: 1, name: 'tuesday', estimateMb: 600 },
  { type: 'progress', index: 0, name: 'monday', stage: 'locate', fraction: 0.5 },
  { type: 'progress', index: 1, name: 'tuesday', stage: 'decode', fraction: 1 },
  { type: 'finish', index: 1, result: result('tuesday', 'failed', { reason: 'the transcript file is empty: /in/tuesday.txt', code: 'TRANSCRIPT_EMPTY' }) },
  { type: 'finish', index: 0, result: result('monday', 'ok') },
  { type: 'finish', index: 2, result: result('wednesday', 'skipped', { reason: 'up to date', estimate: null, peakRssMb: null }) },
];

describe('progress display', () => {
  test('off a terminal: one plain line per start and per finish, no control characters', () => {
    const s = stream(false);
    const display = createBatchDisplay({ stream: s });
    for (const e of events) display.onEvent(e);
    display.stop();
    expect(s.text.split('\n')).toEqual([
      'capsync batch: 3 item(s) → /out (up to 2 at once, memory budget 15.6 GB)',
      '[1/3] start    monday',
      '[2/3] start    tuesday',
      '[2/3] failed   tuesday: the transcript file is empty: /in/tuesday.txt',
      '[1/3] ok       monday: 5:01 of audio in 12.3 s, 690/700 words placed (99%), 2 low-confidence stretch(es)',
      '[3/3] skipped  wednesday (up to date)',
      '',
    ]);
    expect(s.text).not.toMatch(/\x1b/);
  });

  test('quiet: nothing at all', () => {
    const s = stream(true);
    const display = createBatchDisplay({ stream: s, quiet: true });
    for (const e of events) display.onEvent(e);
    display.stop();
    expect(s.text).toBe('');
  });

  test('on a terminal: a bar per running item with its stage, an overall bar, finished items logged above, long lines clipped', async () => {
    const s = stream(true, 60);
    const display = createBatchDisplay({ stream: s });
    for (const e of events.slice(0, 5)) display.onEvent(e);
    display.onEvent(events[5]);
    // Bars and logged lines are drawn on a timer (8 frames a second).
    await new Promise((r) => setTimeout(r, 400));
    const frame = s.text;
    display.onEvent(events[6]);
    display.stop();
    // The last item's line was logged just before stop(): still written.
    expect(s.text.slice(frame.length)).toContain('[1/3] ok       monday');
    const plain = frame.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');
    expect(plain).toMatch(/ monday\s+\|[█░]+\| +\d+% locate/);
    expect(plain).toMatch(/ batch\s+\|[█░]+\| +33% 1\/3 done · 1 running · 1 failed/);
    // 60 columns: the failure line is cut to fit (a wrapped line would be overwritten by the redraw).
    const logged = plain.split('\n').find((l) => l.startsWith('[2/3] failed'));
    expect(logged).toBe('[2/3] failed   tuesday: the transcript file is empty: /in/…');
    expect(logged!.length).toBeLessThan(60);
    expect(s.text).toMatch(/\x1b\[/);
  });

  test('item bar position follows generate stage order and never leaves 0..1', () => {
    expect(itemFraction('decode', 0)).toBe(0);
    expect(itemFraction('write', 1)).toBeCloseTo(1, 9);
    expect(itemFraction('locate', 0.5)).toBeGreaterThan(itemFraction('features', 1));
    expect(itemFraction('refine', 0)).toBeGreaterThanOrEqual(itemFraction('locate', 1) - 1e-12);
    expect(itemFraction('locate', 7)).toBe(itemFraction('locate', 1));
    expect(itemFraction('unknown-stage', 0.5)).toBe(0);
  });
});

test('summary table: one aligned row per item, full reasons under it, counts and the report path', () => {
  const report: BatchReport = {
    version: 1,
    input: '/in',
    out: '/out',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    seconds: 60,
    jobs: { requested: 2, effective: 2, cores: 2, memoryBudgetMb: 16000, peakConcurrent: 2 },
    interrupted: true,
    stoppedByFailure: false,
    counts: { ok: 1, skipped: 1, failed: 1, interrupted: 1, 'not-run': 1 },
    items: [
      result('monday', 'ok'),
      result('tuesday-long-name', 'failed', { reason: 'x'.repeat(120), code: 'CORRUPT_MEDIA' }),
      result('wednesday', 'skipped', { reason: 'up to date', estimate: null }),
      result('thursday', 'interrupted', { reason: 'interrupted while running' }),
      result('friday', 'not-run', { reason: 'not started: the batch was interrupted', estimate: null, seconds: 0 }),
    ],
  };
  const lines = formatBatchSummary(report, '/out/batch-report.json').split('\n');
  expect(lines[0]).toMatch(/^item +status +audio +time +words placed +coverage +low conf\.$/);
  expect(lines[2]).toMatch(/^monday +ok +5:01 +12\.3 s +690\/700 +4:49 of 5:01 +2$/);
  expect(lines[3]).toMatch(/^tuesday-long-name +failed +— +12\.3 s +— +— +—$/);
  expect(lines[4]).toMatch(/^wednesday +up to date +5:01 +— +690\/700/);
  expect(lines[6]).toMatch(/^friday +not-run +— +— +—/);
  // Columns line up: every row's status starts where the header's does.
  const col = lines[0].indexOf('status');
  for (const l of lines.slice(2, 7)) expect(l.slice(col - 2, col)).toBe('  ');
  expect(lines).toContain(`tuesday-long-name: ${'x'.repeat(120)}`);
  expect(lines).not.toContain('wednesday: up to date');
  expect(lines).toContain('5 item(s): 1 ok, 1 up to date, 1 failed, 1 interrupted, 1 not run in 60.0 s → /out/batch-report.json');
  expect(lines).toContain('interrupted: run the same command again to continue (finished items are kept and skipped)');
});
