/**
 * Media that is not what it claims: a file cut short (an interrupted download) is an error
 * naming the media, not a transcript "not found in the audio"; a file name that looks like an
 * ffmpeg protocol (`concat:`, `tcp:`, `http:`) is a file name, in generate and in batch.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio, truncationProblem } from '../../src/media/decode.js';
import { ffmpegInputArgs } from '../../src/media/ffmpegInput.js';
import { CapsyncError } from '../../src/util/errors.js';
import { assertBuilt, capsync, ffmpeg, ROOT } from '../cli/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capsync-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = path.join(ROOT, 'samples', 'briefing', 'briefing.mp4');
const file = (name: string): string => path.join(dir, name);
const firstHalf = (from: string, to: string): void => {
  const bytes = readFileSync(from);
  writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length / 2)));
};

beforeAll(async () => {
  assertBuilt();
  // The sample keeps its index at the start, so half of it still has a header that says 1:27.
  firstHalf(SAMPLE, file('half.mp4'));
  await ffmpeg(['-i', SAMPLE, '-vn', '-ac', '1', '-b:a', '32k', file('whole.mp3')]);
  firstHalf(file('whole.mp3'), file('half.mp3'));
  await ffmpeg(['-i', SAMPLE, '-c', 'copy', file('whole.mkv')]);
  firstHalf(file('whole.mkv'), file('half.mkv'));
});

describe('media cut short', () => {
  it.each(['half.mp4', 'half.mp3', 'half.mkv'])('%s is refused as incomplete, naming the file', async (name) => {
    const error = await decodeAudio(file(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).code).toBe('TRUNCATED_MEDIA');
    expect((error as Error).message).toMatch(new RegExp(`${name} is cut short: its header says 1:27 but the audio ends at 0:[34]\\d`));
  });

  it('the whole files decode', async () => {
    for (const name of ['whole.mp3', 'whole.mkv']) {
      const audio = await decodeAudio(file(name));
      expect(audio.duration).toBeGreaterThan(86);
    }
  });

  it('generate stops at the decode, with that error (not a transcript problem)', async () => {
    const r = await capsync(['generate', file('half.mp4'), '--transcript', path.join(ROOT, 'samples', 'briefing', 'briefing.transcript.txt'), '--out', file('out-half')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^capsync: .*half\.mp4 is cut short/);
    expect(r.stderr).not.toMatch(/not found in the audio/);
  });

  it('the rule: a sign in the log and a shortfall, or a large shortfall alone', () => {
    expect(truncationProblem(39, 87.3, 'partial file')).toMatch(/cut short/);
    expect(truncationProblem(86.9, 87.3, 'partial file')).toBeNull();
    expect(truncationProblem(80, 87.3, null)).toBeNull(); // audio may end a little before the video
    expect(truncationProblem(40, 87.3, null)).toMatch(/cut short/);
    expect(truncationProblem(40, null, 'partial file')).toBeNull();
  });
});

describe('file names that look like ffmpeg protocols', () => {
  it('are handed to ffmpeg as local files only', () => {
    expect(ffmpegInputArgs('concat:a.mp4|b.mp4')).toEqual(['-protocol_whitelist', 'file', '-i', `file:${path.resolve('concat:a.mp4|b.mp4')}`]);
  });

  it('a real clip named "http:clip.mp4" decodes as itself', async () => {
    copyFileSync(SAMPLE, file('http:clip.mp4'));
    const audio = await decodeAudio(file('http:clip.mp4'));
    expect(audio.duration).toBeGreaterThan(86);
  });

  it.each(['concat:real.mp4', 'tcp:real.mp4', 'http:real.mp4'])('generate %s (relative name) reads that 20-byte file, not another', async (name) => {
    const here = file(`gen-${name.split(':')[0]}`);
    mkdirSync(here);
    copyFileSync(SAMPLE, path.join(here, 'real.mp4'));
    writeFileSync(path.join(here, name), 'twenty bytes of text');
    writeFileSync(path.join(here, 'real.txt'), 'Good morning. Today we meet.\n');
    const r = await capsync(['generate', name, '--transcript', 'real.txt', '--out', 'out', '--quiet'], { cwd: here });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`capsync: ${name} could not be decoded (corrupt or not a media file)`);
  });

  it('batch of the current folder: a "concat:" media name is that file', async () => {
    const here = file('batch-here');
    mkdirSync(here);
    copyFileSync(SAMPLE, path.join(here, 'real.mp4'));
    writeFileSync(path.join(here, 'concat:real.mp4'), 'twenty bytes of text');
    writeFileSync(path.join(here, 'concat:real.txt'), 'Good morning. Today we meet.\n');
    const r = await capsync(['batch', '.', '--out', 'out', '--json', '--quiet'], { cwd: here, timeoutMs: 120_000 });
    const report = JSON.parse(r.stdout) as { items: Array<{ name: string; status: string; code: string | null; reason: string | null }> };
    const item = report.items.find((i) => i.name === 'concat:real')!;
    expect(item.status).toBe('failed');
    expect(item.code).toBe('CORRUPT_MEDIA');
    expect(statSync(path.join(here, 'concat:real.mp4')).size).toBe(20);
  });
});
