/**
 * Size limits, checked while reading: a text input larger than any real one (or an endless
 * device) is refused at once with one clear line, before memory fills.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTranscriptFile } from '../../src/text/index.js';
import { readDescriptionFile, readDescriptionChaptersFile } from '../../src/metadata/inputs.js';
import { readTrackFile } from '../../src/pipeline/inputs.js';
import { loadBatchSource } from '../../src/pipeline/batch/discover.js';
import { readFileLimited } from '../../src/util/readLimited.js';
import { MAX_TRANSCRIPT_BYTES } from '../../src/util/limits.js';
import { CapsyncError } from '../../src/util/errors.js';
import { assertBuilt, capsync } from '../cli/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capsync-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(read: Promise<unknown>): Promise<{ error: CapsyncError; ms: number }> {
  const started = performance.now();
  const error = await read.catch((e: unknown) => e);
  const ms = performance.now() - started;
  expect(error).toBeInstanceOf(CapsyncError);
  expect((error as CapsyncError).code).toBe('INPUT_TOO_LARGE');
  return { error: error as CapsyncError, ms };
}

describe('endless devices are refused at once', () => {
  // Under a second for the texts (4 MiB read at most); a track may be 32 MiB, read in 1 MiB steps.
  it.each([
    ['transcript', () => readTranscriptFile('/dev/zero'), 1000],
    ['description', () => readDescriptionFile('/dev/urandom'), 1000],
    ['timing track', () => readTrackFile('/dev/zero'), 3000],
    ['chapters file', () => readDescriptionChaptersFile('/dev/zero'), 1000],
  ])('%s', async (what, read, limitMs) => {
    const { error, ms } = await refusal(read());
    expect(error.message).toMatch(new RegExp(`the ${what}.* /dev/(zero|urandom) is larger than \\d+ MiB`));
    expect(ms).toBeLessThan(limitMs);
  });
});

describe('a file larger than any real one is refused before it is read', () => {
  it('a 20 MB transcript', async () => {
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(4 * 1024 * 1024));
    const { ms } = await refusal(readTranscriptFile(big));
    expect(ms).toBeLessThan(200);
  });

  it('a file at the limit is read; one byte more is not', async () => {
    const at = path.join(dir, 'at.bin');
    writeFileSync(at, Buffer.alloc(1000, 97));
    expect((await readFileLimited(at, 1000, 'file')).length).toBe(1000);
    await refusal(readFileLimited(at, 999, 'file'));
  });

  it('a huge manifest', async () => {
    const manifest = path.join(dir, 'm.json');
    writeFileSync(manifest, `[${' '.repeat(17 * 1024 * 1024)}]`);
    await refusal(loadBatchSource(manifest));
  });

  it('the limits leave real files far below them', () => {
    // A 90-minute briefing transcript is ~70 KB.
    expect(MAX_TRANSCRIPT_BYTES).toBeGreaterThan(50 * 70 * 1024);
  });
});

describe('generate --transcript /dev/zero', () => {
  it('is one capsync: line and a non-zero exit, quickly', async () => {
    assertBuilt();
    const started = performance.now();
    const r = await capsync(['generate', '--transcript', '/dev/zero', '--timing-from', path.join(import.meta.dirname, '..', 'fixtures', 'tracks', 'youtube-auto.en.vtt'), '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('capsync: the transcript /dev/zero is larger than 4 MiB, far more than any real transcript: is it the right file?');
    // Node's start-up included; on a loaded machine that alone is 1–3 s.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
