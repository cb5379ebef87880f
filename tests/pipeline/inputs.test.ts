/**
 * generate()'s input checks, in-process: each bad input is one CapsyncError naming the problem,
 * raised before any decoding, and nothing is written. (The CLI contract — one `capsync:` line,
 * non-zero exit — is tested by spawning the CLI in tests/cli.)
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate, type GenerateOptions } from '../../src/pipeline/index.js';
import { stemOf } from '../../src/pipeline/inputs.js';
import { CapsyncError } from '../../src/util/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-inputs-'));
  await Promise.all([
    // Never decoded: every case below fails before decoding.
    fs.writeFile(file('talk.mp4'), 'not decoded in these tests'),
    fs.writeFile(file('talk.txt'), 'Good afternoon. We have just finished a meeting.'),
    fs.writeFile(file('no-excerpt.description.txt'), 'A title\n\nhttps://www.nato.int\n#NATO\n'),
    fs.copyFile(path.join(ROOT, 'tests/fixtures/descriptions/nato-defmin-2025-02-13.description.txt'), file('talk.description.txt')),
    fs.writeFile(file('garbage.vtt'), 'this is not a caption track\n'),
    fs.writeFile(file('empty-chapters.txt'), 'no timestamps here\n'),
    fs.mkdir(file('a-directory')),
  ]);
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function expectCapsyncError(options: GenerateOptions, code: string, message: RegExp): Promise<void> {
  const before = (await fs.readdir(dir)).sort();
  const error = await generate(options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CapsyncError);
  expect((error as CapsyncError).code).toBe(code);
  expect((error as Error).message).toMatch(message);
  // Every out dir lies inside `dir`: nothing created there means nothing written anywhere.
  expect((await fs.readdir(dir)).sort()).toEqual(before);
}

describe('generate: inputs are checked before decoding', () => {
  test('no media and no timing track', async () => {
    await expectCapsyncError({ transcript: file('talk.txt'), outDir: file('o1') }, 'NO_MEDIA', /no media file given/);
  });

  test('a directory as media', async () => {
    await expectCapsyncError({ media: file('a-directory'), transcript: file('talk.txt'), outDir: file('o2') }, 'MEDIA_NOT_FILE', /not a file/);
  });

  test('neither a transcript nor a description', async () => {
    // talk.txt beside talk.mp4 would be found: this case looks for no file beside the media.
    await expectCapsyncError({ media: file('talk.mp4'), siblings: false, outDir: file('o3') }, 'NO_TRANSCRIPT', /no transcript: pass --transcript/);
  });

  test('a description without a transcript excerpt', async () => {
    await expectCapsyncError(
      { media: file('talk.mp4'), description: file('no-excerpt.description.txt'), outDir: file('o4') },
      'DESCRIPTION_NO_TRANSCRIPT',
      /no transcript excerpt.*no-excerpt\.description\.txt; pass --transcript/,
    );
  });

  test('a missing description file', async () => {
    await expectCapsyncError({ media: file('talk.mp4'), transcript: file('talk.txt'), description: file('nope.txt'), outDir: file('o5') }, 'INPUT_NOT_FOUND', /description file not found/);
  });

  test('a timing track that is no track', async () => {
    await expectCapsyncError({ media: file('talk.mp4'), transcript: file('talk.txt'), timingFrom: file('garbage.vtt'), outDir: file('o6') }, 'TRACK_UNREADABLE', /garbage\.vtt: cannot read this timing track/);
  });

  test('a chapters file without chapters', async () => {
    await expectCapsyncError({ media: file('talk.mp4'), transcript: file('talk.txt'), chaptersFile: file('empty-chapters.txt'), outDir: file('o7') }, 'CHAPTERS_EMPTY', /chapters file has no/);
  });

  test('an output path that is a file', async () => {
    await expectCapsyncError({ media: file('talk.mp4'), transcript: file('talk.txt'), outDir: file('talk.txt') }, 'OUT_NOT_DIRECTORY', /not a directory/);
  });

  test('outputs that would overwrite an input (default out dir next to the media)', async () => {
    await expectCapsyncError(
      { media: file('talk.mp4'), description: file('talk.description.txt') },
      'OUTPUT_OVERWRITES_INPUT',
      /talk\.description\.txt would overwrite the input description.*pass --out/,
    );
  });

  test('a malformed language code', async () => {
    await expectCapsyncError({ media: file('talk.mp4'), transcript: file('talk.txt'), language: 'english please', outDir: file('o8') }, 'BAD_LANGUAGE', /language code/);
  });
});

describe('output stems', () => {
  test.each([
    ['media/briefing.mp4', 'briefing'],
    ['talk.final.mkv', 'talk.final'],
    ['captions/talk.en.vtt', 'talk'],
    ['talk.words.json', 'talk'],
    ['noext', 'noext'],
  ])('%s → %s', (input, stem) => {
    expect(stemOf(input)).toBe(stem);
  });
});
