/**
 * `capsync generate` on bad input: one `capsync: …` line naming the problem, a non-zero exit,
 * no stack trace, and nothing written (no outputs, no temp files). Each case spawns the built
 * CLI (about 3 s of start-up each), so the input checks that need no process of their own are
 * tested in-process in tests/pipeline/inputs.test.ts.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, capsync, ffmpeg, listFiles } from './helpers.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

const ENGLISH =
  'Good afternoon. We have just finished a meeting of defence ministers, and I want to thank all Allies for their work. ' +
  'We agreed that we must spend more on defence, and that our support for Ukraine will continue for as long as it takes. ';
const FRENCH =
  "Bonjour à tous. Nous venons de terminer une réunion des ministres de la Défense, et je tiens à remercier tous les Alliés pour leur travail. " +
  "Nous sommes convenus que nous devons dépenser plus pour la défense, et que notre soutien à l'Ukraine se poursuivra aussi longtemps qu'il le faudra. " +
  'Les Alliés ont aussi discuté de la production de défense et de la dissuasion dans la région euro-atlantique.';

beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-cli-'));
  await Promise.all([
    // 2 s of tone: real audio, far too short for a long transcript.
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '1', '-ar', '16000', file('tone.wav')]),
    // A video with no audio stream.
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=64x64:d=1', '-c:v', 'mpeg4', '-an', file('video-only.mp4')]),
    fs.writeFile(file('not-video.mp4'), 'This is a text file pretending to be a video.\n'.repeat(20)),
    fs.writeFile(file('english.txt'), ENGLISH),
    fs.writeFile(file('long.txt'), ENGLISH.repeat(12)),
    fs.writeFile(file('empty.txt'), ''),
    fs.writeFile(file('nul.txt'), Buffer.alloc(256)),
    fs.writeFile(file('french.txt'), FRENCH),
  ]);
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** Run generate into a fresh out dir and check the failure contract. */
async function expectFailure(args: string[], message: RegExp, outName: string): Promise<string> {
  const out = file(`out-${outName}`);
  const before = await listFiles(dir);
  const result = await capsync(['generate', ...args, '--out', out]);
  expect(result.code, result.stderr).not.toBe(0);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^capsync: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(result.stdout).toBe('');
  expect(await listFiles(out)).toEqual([]);
  // No temp file or output appeared next to the inputs either. (The other cases' out-* folders
  // come and go while they run: each run creates its output folder to lock it before decoding.)
  const inputs = (names: string[]): string[] => names.filter((f) => !f.startsWith('out-')).sort();
  expect(inputs(await listFiles(dir))).toEqual(inputs(before));
  return lines[0];
}

describe.concurrent('capsync generate: bad inputs', () => {
  test('missing media file', async () => {
    await expectFailure([file('nope.mp4'), '--transcript', file('english.txt')], /media file not found: .*nope\.mp4/, 'missing');
  });

  test('a text file named .mp4', async () => {
    await expectFailure([file('not-video.mp4'), '--transcript', file('english.txt')], /not-video\.mp4 could not be decoded \(corrupt or not a media file\)/, 'text-mp4');
  });

  test('a video with no audio stream', async () => {
    await expectFailure([file('video-only.mp4'), '--transcript', file('english.txt')], /video-only\.mp4 has no audio stream/, 'video-only');
  });

  test('missing transcript file', async () => {
    await expectFailure([file('tone.wav'), '--transcript', file('nope.txt')], /transcript file not found: .*nope\.txt/, 'no-transcript-file');
  });

  test('an empty transcript', async () => {
    await expectFailure([file('tone.wav'), '--transcript', file('empty.txt')], /transcript .*empty/, 'empty');
  });

  test('a transcript of NUL bytes', async () => {
    await expectFailure([file('tone.wav'), '--transcript', file('nul.txt')], /binary/, 'nul');
  });

  test('a French transcript with --language en', async () => {
    await expectFailure([file('tone.wav'), '--transcript', file('french.txt'), '--language', 'en'], /looks like French, not English/, 'french');
  });

  test('far more text than the audio can hold', async () => {
    const line = await expectFailure([file('tone.wav'), '--transcript', file('long.txt')], /transcript has \d+ words but the audio is only 2\.0 s long/, 'too-long');
    const words = Number(/has (\d+) words/.exec(line)![1]);
    expect(words).toBe(ENGLISH.repeat(12).trim().split(/\s+/).length);
  });
});
