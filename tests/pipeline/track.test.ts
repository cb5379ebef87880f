/** generate with --timing-from and no media: every time comes from the caption track. */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate, type GenerateResult } from '../../src/pipeline/index.js';
import { resolveFfmpegPath } from '../../src/media/ffmpegPath.js';
import { checkOutputs } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TRACKS = path.join(ROOT, 'tests/fixtures/tracks');
let out: string;
let result: GenerateResult;

beforeAll(async () => {
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-track-'));
  result = await generate({
    timingFrom: path.join(TRACKS, 'youtube-auto.en.vtt'),
    transcript: path.join(TRACKS, 'youtube-auto.transcript.txt'),
    outDir: out,
  });
});

afterAll(async () => {
  if (out) await fs.rm(out, { recursive: true, force: true });
});

describe('generate from a YouTube auto-caption track alone', () => {
  test('writes every output, valid and consistent, named after the transcript', async () => {
    const { report } = await checkOutputs(result);
    expect(path.basename(result.files.vtt)).toBe('youtube-auto.vtt');
    expect(result.files.description).toBeNull();
    expect(report.timingFrom).toBe('track');
    expect(report.media).toBeNull();
    expect(report.track.format).toBe('youtube-vtt');
  });

  test('transcript words take the track times of their spoken matches', async () => {
    const words = result.words;
    expect(words.every((w) => w.start !== null)).toBe(true);
    expect(words.every((w) => w.source === 'track' || w.source === 'interpolated')).toBe(true);
    // "Good" is the first word after [Music]; "24" is said as "twenty four" in the track; "Hegseth" was misheard.
    const at = (text: string) => words.find((w) => w.text === text)!;
    expect(at('Good').start).toBeCloseTo(2.2, 2);
    expect(at('24').start).toBeCloseTo(5.1, 2);
    expect(at('Hegseth').start).toBeCloseTo(20.49, 2);
  });

  test('the untranscribed Q&A at the end of the track is reported as speech with no text, outside the coverage', () => {
    const lastWordEnd = Math.max(...result.words.map((w) => w.end ?? 0));
    expect(result.report.speechWithoutText.length).toBeGreaterThanOrEqual(1);
    const tail = result.report.speechWithoutText[result.report.speechWithoutText.length - 1];
    expect(tail.start).toBeGreaterThanOrEqual(lastWordEnd);
    expect(tail.end).toBeCloseTo(result.report.duration, 1);
    expect(result.report.coverage.spans.every((s) => s.end <= lastWordEnd + 1e-6)).toBe(true);
    // No caption is shown over the untranscribed Q&A.
    expect(result.cues.every((c) => c.end <= tail.start + 1.5)).toBe(true);
  });
});

describe('media without an audio stream, with a timing track', () => {
  test('falls back to the track, with a warning', async () => {
    const media = path.join(out, 'video-only.mp4');
    execFileSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:d=1', '-c:v', 'mpeg4', '-an', media]);
    const warnings: string[] = [];
    const fallback = await generate({
      media,
      timingFrom: path.join(TRACKS, 'youtube-auto.en.vtt'),
      transcript: path.join(TRACKS, 'youtube-auto.transcript.txt'),
      outDir: path.join(out, 'fallback'),
      onWarning: (w) => warnings.push(w),
    });
    await checkOutputs(fallback);
    expect(warnings[0]).toMatch(/has no audio stream to align; word times come from the timing track alone/);
    expect(fallback.report.timingFrom).toBe('track');
    expect(fallback.report.warnings).toContain(warnings[0]);
    expect(fallback.words.map((w) => w.start)).toEqual(result.words.map((w) => w.start));
  });
});
