/**
 * `capsync batch` as a user runs it (the built CLI, real audio, each item in a worker process):
 * a folder with good, corrupt and transcript-less items; resume, edits and --force; --fail-fast;
 * Ctrl-C in the middle of an item and the run that continues; the JSON and CSV manifests.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AUDIO, JFK, ROOT, TRACKS, assertBuilt, byName, capsync, mtimes, parseVtt, readReport, spawnCapsync, walk } from './helpers.js';

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-batch-'));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function copy(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to);
}

/** Cue lines of a VTT without voice tags. */
function cueLines(cues: Array<{ text: string }>): string[] {
  return cues.flatMap((c) => c.text.replace(/<[^>]+>/g, '').split('\n'));
}

describe.sequential('a folder batch', () => {
  let folder: string;
  let out: string;

  beforeAll(async () => {
    folder = path.join(dir, 'mixed');
    out = path.join(folder, 'capsync-out');
    await copy(path.join(JFK, 'jfk.wav'), path.join(folder, 'jfk.wav'));
    await copy(path.join(JFK, 'jfk.txt'), path.join(folder, 'jfk.txt'));
    await copy(path.join(AUDIO, 'rms-numbers.ogg'), path.join(folder, 'rms-numbers.ogg'));
    await copy(path.join(AUDIO, 'rms-numbers.txt'), path.join(folder, 'rms-numbers.transcript.txt'));
    // A video cut off after its first 8 KB (no moov atom): corrupt, with a transcript.
    const mp4 = await fs.readFile(path.join(ROOT, 'samples/briefing/briefing.mp4'));
    await fs.writeFile(path.join(folder, 'broken.mp4'), mp4.subarray(0, 8192));
    await copy(path.join(ROOT, 'samples/briefing/briefing.transcript.txt'), path.join(folder, 'broken.txt'));
    // Media with no text at all.
    await copy(path.join(AUDIO, 'kal-pauses.m4a'), path.join(folder, 'lonely.m4a'));
  });

  const good = ['jfk', 'rms-numbers'];

  test('good items are generated, the corrupt and transcript-less ones fail with their reasons, exit code 1', async () => {
    const result = await capsync(['batch', folder, '--jobs', '2']);
    expect(result.code, result.stderr).toBe(1);
    const report = await readReport(out);
    const items = byName(report);
    expect(Object.keys(items)).toEqual(['broken', 'jfk', 'lonely', 'rms-numbers']);
    expect(report.counts).toEqual({ ok: 2, skipped: 0, failed: 2, interrupted: 0, 'not-run': 0 });
    // The media stage names it (CORRUPT_MEDIA or DECODE_FAILED with ffmpeg's last line, here "End of file").
    expect(items.broken.status).toBe('failed');
    expect(items.broken.code).toMatch(/^(CORRUPT_MEDIA|DECODE_FAILED)$/);
    expect(items.broken.reason).toMatch(/broken\.mp4 could not be decoded/);
    expect(items.lonely).toMatchObject({ status: 'failed', code: 'NO_TRANSCRIPT', peakRssMb: null });
    expect(items.lonely.reason).toContain('lonely.txt, lonely.transcript.txt, lonely.html, lonely.description (or .description.txt) or a caption track lonely.<lang>.vtt');
    expect(report.jobs).toMatchObject({ requested: 2, peakConcurrent: 2 });
    expect(report.interrupted).toBe(false);

    for (const name of good) {
      const item = items[name];
      expect(item.status).toBe('ok');
      expect(item.reason).toBeNull();
      const o = item.outcome!;
      expect(o.words.placed / o.words.total).toBeGreaterThan(0.9);
      expect(o.coverage.coveredSeconds).toBeGreaterThan(0.7 * o.audioSeconds);
      expect(o.lowConfidence.stretches).toBeGreaterThanOrEqual(0);
      expect(item.peakRssMb).toBeGreaterThan(30);
      expect(item.cpuSeconds).toBeGreaterThan(0.2);
      expect(item.estimate!.audioSeconds).toBeCloseTo(o.audioSeconds, 0);
      // Outputs in <out>/<stem>/, the VTT valid for the W3C parser, counts as reported.
      expect(o.files.map((f) => path.dirname(f))).toEqual(o.files.map(() => path.join(out, name)));
      const vtt = await parseVtt(path.join(out, name, `${name}.vtt`));
      expect(vtt.errors).toEqual([]);
      expect(vtt.cues).toHaveLength(o.cues);
      const words = JSON.parse(await fs.readFile(path.join(out, name, `${name}.words.json`), 'utf8')) as { words: unknown[] };
      expect(words.words).toHaveLength(o.words.total);
      expect(await walk(path.join(out, name))).toContain('.capsync-item.json');
    }
    expect(await walk(out)).not.toContain(path.join('broken', '.capsync-item.json'));
    // Plain log lines (stderr is not a terminal), then the table.
    expect(result.stderr).toMatch(/^\[\d\/4\] ok {7}jfk: 0:11 of audio/m);
    expect(result.stderr).toMatch(/^\[\d\/4\] failed {3}broken: .*could not be decoded/m);
    expect(result.stderr).toMatch(/^item +status +audio +time +words placed +coverage +low conf\.$/m);
    expect(result.stderr).toMatch(/^rms-numbers +ok +0:19 /m);
    expect(result.stderr).toContain('4 item(s): 2 ok, 0 up to date, 2 failed');
    expect(result.stdout).toBe('');
  });

  test('a second run skips the finished items (outputs untouched) and retries the failed ones', async () => {
    const files = good.map((n) => path.join(out, n, `${n}.vtt`));
    const before = await mtimes(files);
    const result = await capsync(['batch', folder, '--quiet', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toEqual(await readReport(out));
    const items = byName(report);
    for (const n of good) {
      expect(items[n]).toMatchObject({ status: 'skipped', reason: 'up to date', peakRssMb: null });
      // The outcome of the run that made the outputs is reported again.
      expect(items[n].outcome!.words.placed).toBeGreaterThan(0);
    }
    expect(items.broken.status).toBe('failed');
    expect(await mtimes(files)).toEqual(before);
  });

  test('an edited transcript redoes its item only; a touched but unchanged one does not; stale temp files go', async () => {
    await fs.appendFile(path.join(folder, 'jfk.txt'), '\n');
    const later = new Date(Date.now() + 3000);
    await fs.utimes(path.join(folder, 'rms-numbers.transcript.txt'), later, later);
    const stale = path.join(out, 'jfk', '.jfk.vtt.99999.1732730000000.tmp');
    await fs.writeFile(stale, 'WEBVTT\n\n00:00.000 --> 00');
    const rmsVtt = path.join(out, 'rms-numbers', 'rms-numbers.vtt');
    const before = await mtimes([rmsVtt]);

    const result = await capsync(['batch', folder, '--jobs', '2']);
    expect(result.code).toBe(1);
    const items = byName(await readReport(out));
    expect(items.jfk.status).toBe('ok');
    expect(items['rms-numbers'].status).toBe('skipped');
    expect(await mtimes([rmsVtt])).toEqual(before);
    expect((await walk(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(result.stderr).toMatch(/^\[\d\/4\] skipped  rms-numbers \(up to date\)$/m);
  });

  test('--force redoes every item', async () => {
    const result = await capsync(['batch', folder, '--force', '--json', '--quiet']);
    expect(result.code).toBe(1);
    const items = byName(JSON.parse(result.stdout));
    for (const n of good) expect(items[n].status).toBe('ok');
    expect(items.broken.status).toBe('failed');
  });

  test('--fail-fast stops at the first failure: the rest are not run and keep their outputs', async () => {
    const marker = path.join(out, 'jfk', '.capsync-item.json');
    const before = await fs.readFile(marker, 'utf8');
    const result = await capsync(['batch', folder, '--jobs', '1', '--fail-fast', '--force']);
    expect(result.code).toBe(1);
    const report = await readReport(out);
    expect(report.stoppedByFailure).toBe(true);
    expect(report.items.map((i) => i.status)).toEqual(['failed', 'not-run', 'not-run', 'not-run']);
    expect(byName(report).jfk.reason).toBe('not started: --fail-fast stopped the batch after "broken" failed');
    expect(await fs.readFile(marker, 'utf8')).toBe(before);
    expect(result.stderr).toContain('--fail-fast: an item failed, stopping the batch');
  });
});

test('Ctrl-C stops a running batch cleanly (exit 130, no temp files, finished items kept); the next run completes', async () => {
  const folder = path.join(dir, 'sigint');
  const out = path.join(dir, 'sigint-out');
  await copy(path.join(JFK, 'jfk.wav'), path.join(folder, 'a-jfk.wav'));
  await copy(path.join(JFK, 'jfk.txt'), path.join(folder, 'a-jfk.txt'));
  // The item interrupted must still be running 0.8 s after it starts: the 87 s briefing sample
  // takes several seconds (a short clip can finish first on a fast machine).
  await copy(path.join(ROOT, 'samples/briefing/briefing.mp4'), path.join(folder, 'b-brief.mp4'));
  await copy(path.join(ROOT, 'samples/briefing/briefing.transcript.txt'), path.join(folder, 'b-brief.txt'));
  await copy(path.join(JFK, 'jfk.wav'), path.join(folder, 'c-jfk.wav'));
  await copy(path.join(JFK, 'jfk.txt'), path.join(folder, 'c-jfk.txt'));

  const child = spawnCapsync(['batch', folder, '--out', out, '--jobs', '1']);
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Interrupt once the first item is done and the second has been running for a moment.
      if (/\[2\/3\] start/.test(stderr)) setTimeout(resolve, 800);
    });
    child.on('exit', () => reject(new Error(`batch ended before it could be interrupted:\n${stderr}`)));
  });
  const sentAt = Date.now();
  child.kill('SIGINT');
  const { code } = await exited;
  expect(code, stderr).toBe(130);
  // Workers get SIGTERM and, at worst, SIGKILL after a 2 s grace.
  expect(Date.now() - sentAt).toBeLessThan(8000);

  const report = await readReport(out);
  expect(report.interrupted).toBe(true);
  expect(report.items.map((i) => [i.name, i.status])).toEqual([
    ['a-jfk', 'ok'],
    ['b-brief', 'interrupted'],
    ['c-jfk', 'not-run'],
  ]);
  const files = await walk(out);
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(files).not.toContain('.capsync-batch.lock');
  expect(files).toContain(path.join('a-jfk', '.capsync-item.json'));
  expect(files).not.toContain(path.join('b-brief', '.capsync-item.json'));
  expect(stderr).toContain('interrupted: stopping the running items');
  expect(stderr).toContain('run the same command again to continue');

  const again = await capsync(['batch', folder, '--out', out, '--jobs', '2']);
  expect(again.code, again.stderr).toBe(0);
  const items = byName(await readReport(out));
  expect(items['a-jfk'].status).toBe('skipped');
  expect(items['b-brief'].status).toBe('ok');
  expect(items['c-jfk'].status).toBe('ok');
  for (const name of ['b-brief', 'c-jfk']) {
    const vtt = await parseVtt(path.join(out, name, `${name}.vtt`));
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.length).toBeGreaterThan(0);
  }
  expect((await walk(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

describe.sequential('manifests', () => {
  test('JSON: per-item options and a track-only item, output folder from the manifest', async () => {
    const base = path.join(dir, 'json');
    await copy(path.join(JFK, 'jfk.wav'), path.join(base, 'media', 'jfk.wav'));
    await copy(path.join(JFK, 'jfk.txt'), path.join(base, 'texts', 'jfk-official.txt'));
    const manifest = path.join(base, 'batch.json');
    await fs.writeFile(
      manifest,
      JSON.stringify({
        out: 'results',
        defaults: { captions: { maxLineLength: 32 } },
        items: [
          { media: 'media/jfk.wav', transcript: 'texts/jfk-official.txt' },
          {
            name: 'track',
            timingFrom: path.join(TRACKS, 'youtube-auto.en.vtt'),
            transcript: path.join(TRACKS, 'youtube-auto.transcript.txt'),
            captions: { maxLineLength: 20, speakerStyle: 'none' },
            maxChapters: 2,
          },
        ],
      }),
    );
    const result = await capsync(['batch', manifest, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.out).toBe(path.join(base, 'results'));
    const items = byName(report);
    expect(items.jfk.status).toBe('ok');
    expect(items.track).toMatchObject({ status: 'ok', media: null });
    expect(items.track.outcome!.timingFrom).toBe('track');
    expect(items.track.outcome!.chapters).toBeLessThanOrEqual(2);

    const jfk = await parseVtt(path.join(base, 'results', 'jfk', 'jfk.vtt'));
    expect(jfk.errors).toEqual([]);
    expect(Math.max(...cueLines(jfk.cues).map((l) => l.length))).toBeLessThanOrEqual(32);
    const track = await parseVtt(path.join(base, 'results', 'track', 'youtube-auto.vtt'));
    expect(track.errors).toEqual([]);
    const lines = cueLines(track.cues);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(20);
    expect(lines.some((l) => l.startsWith('>>'))).toBe(false);
  });

  test('CSV: quoted paths, typed columns, --out overrides', async () => {
    const base = path.join(dir, 'csv');
    await copy(path.join(JFK, 'jfk.wav'), path.join(base, 'jfk, take 2.wav'));
    await copy(path.join(JFK, 'jfk.txt'), path.join(base, 'jfk.txt'));
    const manifest = path.join(base, 'list.csv');
    await fs.writeFile(
      manifest,
      [
        'name,media,transcript,timing_from,max_line,speaker_style,min_chapter',
        `take2,"jfk, take 2.wav",jfk.txt,,28,,`,
        `yt,,${path.join(TRACKS, 'youtube-auto.transcript.txt')},${path.join(TRACKS, 'youtube-auto.en.vtt')},24,-,15`,
      ].join('\n'),
    );
    const out = path.join(dir, 'csv-out');
    const result = await capsync(['batch', manifest, '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const items = byName(await readReport(out));
    expect(Object.keys(items)).toEqual(['take2', 'yt']);
    expect(items.take2.status).toBe('ok');
    expect(items.take2.media).toBe(path.join(base, 'jfk, take 2.wav'));
    const take2 = await parseVtt(path.join(out, 'take2', 'jfk, take 2.vtt'));
    expect(take2.errors).toEqual([]);
    expect(Math.max(...cueLines(take2.cues).map((l) => l.length))).toBeLessThanOrEqual(28);
    const yt = await parseVtt(path.join(out, 'yt', 'youtube-auto.vtt'));
    expect(yt.errors).toEqual([]);
    expect(Math.max(...cueLines(yt.cues).map((l) => l.length))).toBeLessThanOrEqual(24);
    // The track's text has no speaker labels, so no change marker either way; the option still reached generate.
    const marker = JSON.parse(await fs.readFile(path.join(out, 'yt', '.capsync-item.json'), 'utf8'));
    expect(marker.options).toMatchObject({ captions: { maxLineLength: 24, speakerStyle: '-' }, minChapter: 15 });
  });
});
