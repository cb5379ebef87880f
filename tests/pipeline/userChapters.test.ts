/** The user's own chapters win: kept, snapped to sentence onsets, checked; replaced only when asked. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../src/pipeline/index.js';
import { planChapters } from '../../src/pipeline/chapterPlan.js';
import { formatTimeLike, retimeDescriptionChapters } from '../../src/metadata/retime.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TRACKS = path.join(ROOT, 'tests/fixtures/tracks');
const DESCRIPTION = [
  'NATO press point, 13 FEB 2025',
  'Press point by the NATO Secretary General in Brussels.',
  '',
  'Chapters:',
  '00:00 Welcome',
  '00:07 A busy day at NATO',
  '00:18 - Secretary Hegseth',
  '',
  '#NATO',
  '',
].join('\r\n');
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-chapters-'));
  await fs.writeFile(path.join(dir, 'talk.description.txt'), DESCRIPTION);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** A run timed from the caption track alone (no audio: quick), with the description above. */
function run(chapters: 'auto' | 'keep' | 'replace' | undefined, out: string) {
  return generate({
    timingFrom: path.join(TRACKS, 'youtube-auto.en.vtt'),
    transcript: path.join(TRACKS, 'youtube-auto.transcript.txt'),
    description: path.join(dir, 'talk.description.txt'),
    outDir: path.join(dir, out),
    chapters,
    quiet: true,
  });
}

describe('a description that has its own chapters', () => {
  test('by default they are kept: titles as written, times moved to sentence onsets, problems reported', async () => {
    const r = await run(undefined, 'keep');
    expect(r.chapters.map((c) => c.title)).toEqual(['Welcome', 'A busy day at NATO', 'Secretary Hegseth']);
    // Each kept time is a sentence onset of the aligned words, within 10 s of the one written.
    const onsets = new Set(r.words.filter((w, i) => i === 0 || w.sentence !== r.words[i - 1]!.sentence).map((w) => w.start));
    for (const c of r.chapters.slice(1)) expect(onsets.has(c.start)).toBe(true);
    expect(r.report.chapters).toMatchObject({ mode: 'keep', source: 'description' });
    expect(r.report.chapters!.moved).toEqual([
      { title: 'A busy day at NATO', from: 7, to: Math.floor(r.chapters[1]!.start) },
      { title: 'Secretary Hegseth', from: 18, to: Math.floor(r.chapters[2]!.start) },
    ]);
    expect(r.report.chapters!.problems.join(' ')).toMatch(/shorter than 10 s/);
    expect(r.summary.warnings.join('\n')).toMatch(/kept the description's 3 chapters; moved to sentence onsets/);
    // The description keeps its block, layout and line breaks; only the times moved.
    const written = await fs.readFile(r.files.description!, 'utf8');
    const at = (t: number) => formatTimeLike(t, '00:00');
    expect(written).toBe(
      DESCRIPTION.replace('00:07 A busy', `${at(r.chapters[1]!.start)} A busy`).replace('00:18 - Secretary', `${at(r.chapters[2]!.start)} - Secretary`),
    );
    expect(await fs.readFile(r.files.chaptersTxt, 'utf8')).toContain('A busy day at NATO');
    expect(r.metadata.chapters!.map((c) => c.title)).toEqual(['Welcome', 'A busy day at NATO', 'Secretary Hegseth']);
  });

  test('--chapters replace puts automatic chapters in their place', async () => {
    const r = await run('replace', 'replace');
    expect(r.report.chapters).toMatchObject({ mode: 'replace', source: null, moved: [] });
    const written = await fs.readFile(r.files.description!, 'utf8');
    expect(written).not.toContain('Welcome');
    for (const c of r.chapters) expect(written).toContain(c.title);
  });

  test('--chapters auto makes automatic chapters and leaves the block as written', async () => {
    const r = await run('auto', 'auto');
    expect(r.chapters.map((c) => c.title)).not.toContain('Welcome');
    expect(await fs.readFile(r.files.description!, 'utf8')).toBe(DESCRIPTION);
    expect(r.summary.warnings.join('\n')).toMatch(/left as written \(--chapters auto\)/);
  });
});

describe('planChapters', () => {
  const block = [
    { start: 0, title: 'Intro', line: 4 },
    { start: 70, title: 'Q&A', line: 5 },
  ];
  test('keep is the default when the user has chapters: the description block, else the info.json', () => {
    expect(planChapters({ descriptionTimestamps: block })).toMatchObject({ mode: 'keep', source: 'description' });
    expect(planChapters({ descriptionTimestamps: [], videoChapters: [{ start: 0, title: 'A' }] })).toMatchObject({ mode: 'keep', source: 'info.json' });
    expect(planChapters({ descriptionTimestamps: [block[0]!] })).toMatchObject({ mode: 'auto', source: null });
    expect(planChapters({ descriptionTimestamps: block, file: [{ start: 0, title: 'F' }] })).toMatchObject({ mode: 'keep', source: 'file' });
  });
  test('asked modes, and keep with nothing to keep', () => {
    expect(planChapters({ requested: 'replace', descriptionTimestamps: block }).user).toBeUndefined();
    const none = planChapters({ requested: 'keep', descriptionTimestamps: [] });
    expect(none.mode).toBe('auto');
    expect(none.notes[0]).toMatch(/no chapters to keep/);
  });
});

describe('retimeDescriptionChapters', () => {
  test('moves only the times, in the style written', () => {
    const text = 'Title\n\n0:00 Intro\n- 01:10 Allies\n(1:02:03) Late\n[12:30] Bracketed\nNot a chapter 1:00\n';
    const out = retimeDescriptionChapters(text, [
      { line: 3, start: 0 },
      { line: 4, start: 68.4 },
      { line: 5, start: 3725 },
      { line: 6, start: 751 },
      { line: 7, start: 5 },
    ]);
    expect(out).toBe('Title\n\n0:00 Intro\n- 01:08 Allies\n(1:02:05) Late\n[12:31] Bracketed\nNot a chapter 1:00\n');
    expect(formatTimeLike(3600, '59:00')).toBe('1:00:00');
  });
});
