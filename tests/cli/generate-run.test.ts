/**
 * A successful `capsync generate` as a user runs it: summary on stderr, `--json` summary on
 * stdout, `--quiet` silence. Timed from a caption track (no media), so no alignment runs and
 * the test stays quick; the audio path is tested in-process in tests/pipeline.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, capsync, listFiles, ROOT } from './helpers.js';

const TRACKS = path.join(ROOT, 'tests/fixtures/tracks');
const ARGS = ['generate', '--timing-from', path.join(TRACKS, 'youtube-auto.en.vtt'), '--transcript', path.join(TRACKS, 'youtube-auto.transcript.txt')];
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-run-'));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe.concurrent('capsync generate runs', () => {
  test('--json: machine-readable summary on stdout, human summary on stderr, all files written', async () => {
    const out = path.join(dir, 'json');
    const result = await capsync([...ARGS, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.words).toMatchObject({ total: 55, placed: 55 });
    expect(summary.timingFrom).toBe('track');
    expect(summary.coverage.note).toMatch(/^transcript covers 0:02–0:2\d of 0:31$/);
    expect(summary.files.map((f: string) => path.basename(f)).sort()).toEqual(
      ['chapters.txt', 'chapters.vtt', 'metadata.json', 'report.json', 'srt', 'vtt', 'words.json'].map((s) => `youtube-auto.${s}`).sort(),
    );
    // Besides the outputs only the set's hidden record (`.<stem>.capsync.json`).
    expect((await listFiles(out)).sort()).toEqual(['.youtube-auto.capsync.json', ...summary.files.map((f: string) => path.basename(f))].sort());
    expect(result.stderr).toMatch(/^track: 0:31 \(timed from the track\), 55 of 55 words placed \(100%\)/);
    expect(result.stderr).toContain('speech with no text: 0:26–0:31');
  });

  test('--quiet: nothing on stderr, nothing on stdout without --json', async () => {
    const out = path.join(dir, 'quiet');
    const result = await capsync([...ARGS, '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect((await listFiles(out)).filter((f) => !f.startsWith('.'))).toHaveLength(7);
  });
});
