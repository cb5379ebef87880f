/**
 * generate with a timing track that cannot be trusted as given: bad cues are repaired with a
 * warning; a track of another video is not used (with media) or refused (without).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../src/pipeline/index.js';
import { CapsyncError } from '../../src/util/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const AUDIO = path.join(ROOT, 'tests/fixtures/audio');
let dir: string;
const file = (name: string): string => path.join(dir, name);

const TRANSCRIPT = 'Good afternoon. Ministers met today to discuss air and missile defence. We agreed a new plan to protect our one billion people.\n';
const BAD_CUES = [
  'WEBVTT',
  '00:00:01.000 --> 00:00:03.000\nGood afternoon.',
  '00:00:06.000 --> 00:00:04.000\nMinisters met today',
  '00:00:02.500 --> 00:00:07.000\nto discuss air and missile defence.',
  '00:00:07.000 --> 00:00:07.000\nWe agreed a new plan',
  '00:00:08.000 --> 00:00:11.000\nto protect our one billion people.',
].join('\n\n');
const OTHER_VIDEO = [
  'WEBVTT',
  '00:00:01.000 --> 00:00:04.000\nThe weather tomorrow brings rain across the north',
  '00:00:04.000 --> 00:00:08.000\nwith sunny spells later in the south and strong winds along the coast.',
].join('\n\n');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-trackcheck-'));
  await fs.writeFile(file('talk.txt'), TRANSCRIPT);
  await fs.writeFile(file('bad.en.vtt'), `${BAD_CUES}\n`);
  await fs.writeFile(file('other.en.vtt'), `${OTHER_VIDEO}\n`);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('timing tracks are checked before they are used', () => {
  test('backwards, overlapping and zero-length cues are repaired or dropped, with a warning', async () => {
    const result = await generate({ timingFrom: file('bad.en.vtt'), transcript: file('talk.txt'), outDir: file('out-bad'), siblings: false });
    expect(result.summary.warnings.some((w) => /timing track bad\.en\.vtt: .*cues that end before they start dropped/.test(w))).toBe(true);
    const placed = result.words.filter((w) => w.start !== null);
    for (let i = 1; i < placed.length; i++) expect(placed[i].start!).toBeGreaterThanOrEqual(placed[i - 1].start!);
    for (const w of placed) expect(w.end!).toBeGreaterThan(w.start!);
  });

  test('without media, the track of another video is refused', async () => {
    const error = await generate({ timingFrom: file('other.en.vtt'), transcript: file('talk.txt'), outDir: file('out-other') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).code).toBe('TRACK_MISMATCH');
    expect((error as Error).message).toMatch(/only \d+ of \d+ transcript words match the timing track/);
  });

  test('with media, the track of another video is not used, with a warning', async () => {
    await fs.copyFile(path.join(AUDIO, 'kal-pauses.m4a'), file('kal.m4a'));
    const text = await fs.readFile(path.join(AUDIO, 'kal-pauses.txt'), 'utf8');
    await fs.writeFile(file('kal.txt'), text);
    const result = await generate({ media: file('kal.m4a'), transcript: file('kal.txt'), timingFrom: file('other.en.vtt'), outDir: file('out-kal') });
    expect(result.summary.warnings.some((w) => /timing track .*other\.en\.vtt not used: only \d+ of \d+ transcript words match/.test(w))).toBe(true);
    expect(result.summary.timingFrom).toBe('audio');
    expect(result.words.some((w) => w.source === 'track')).toBe(false);
  });
});
