/** Which files a run reads: given ones, and those found beside the media (no decoding here). */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveInputs } from '../../src/pipeline/resolveInputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STEM = 'Point de presse – Défense [a1B2c3D4e5F]';
let dir: string;
const file = (name: string) => path.join(dir, name);
const info = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'a1B2c3D4e5F', title: 'Point de presse – Défense', extractor: 'youtube', webpage_url: 'https://www.youtube.com/watch?v=a1B2c3D4e5F', upload_date: '20250214', ...extra });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-resolve-'));
  const vtt = await fs.readFile(path.join(ROOT, 'tests/fixtures/tracks/youtube-auto.en.vtt'), 'utf8');
  await Promise.all([
    fs.writeFile(file(`${STEM}.mp4`), 'never decoded here'),
    fs.copyFile(path.join(ROOT, 'tests/fixtures/descriptions/french.description.txt'), file(`${STEM}.description`)),
    fs.writeFile(file(`${STEM}.info.json`), info({ language: 'fr' })),
    fs.writeFile(file(`${STEM}.en.vtt`), vtt),
    fs.writeFile(file(`${STEM}.fr.vtt`), vtt.replace('Language: en', 'Language: fr')),
    // An English video whose description has no transcript: the caption track's words are the text.
    fs.writeFile(file('Weekly briefing [zzz].webm'), 'never decoded here'),
    fs.writeFile(file('Weekly briefing [zzz].info.json'), info({ id: 'zzz', description: 'Our weekly round-up.\n\n0:00 Intro\n0:12 Baltic air policing\n0:20 Questions' })),
    fs.writeFile(file('Weekly briefing [zzz].en.vtt'), vtt),
    fs.writeFile(file('other.txt'), 'Good afternoon. This transcript is given on the command line.'),
  ]);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('resolveInputs', () => {
  test("a yt-dlp download: description, info.json and the caption track in the video's language", async () => {
    const r = await resolveInputs({ media: file(`${STEM}.mp4`) });
    expect(r.language).toBe('fr'); // from the info.json
    expect(r.paths).toMatchObject({ description: file(`${STEM}.description`), infoJson: file(`${STEM}.info.json`), timingFrom: file(`${STEM}.fr.vtt`) });
    expect(r.found.map((f) => f.role).sort()).toEqual(['description', 'info.json', 'timing track']);
    expect(r.input.from).toBe('description');
    expect(r.input.speakerLabel).toBe("Secrétaire général de l'OTAN");
    expect(r.videoInfo).toMatchObject({ url: 'https://www.youtube.com/watch?v=a1B2c3D4e5F', uploadDate: '2025-02-14' });
    // Outputs keep the media's stem, beside it.
    expect(path.basename(r.files.vtt)).toBe(`${STEM}.vtt`);
    expect(path.basename(r.files.description!)).toBe(`${STEM}.description.txt`);
  });

  test('flags win over what is found, and --no-timing-from turns the track down', async () => {
    const r = await resolveInputs({ media: file(`${STEM}.mp4`), transcript: file('other.txt'), language: 'en-GB', timingFrom: null });
    expect(r.language).toBe('en-gb');
    expect(r.paths.transcript).toBe(file('other.txt'));
    expect(r.paths.timingFrom).toBeUndefined();
    expect(r.input.from).toBe('transcript');
    const en = await resolveInputs({ media: file(`${STEM}.mp4`), language: 'en' });
    expect(en.paths.timingFrom).toBe(file(`${STEM}.en.vtt`));
    const none = await resolveInputs({ media: file(`${STEM}.mp4`), language: 'de', transcript: file('other.txt') });
    expect(none.paths.timingFrom).toBeUndefined();
    expect(none.notes.join(' ')).toMatch(/caption track\(s\) beside the media not used, none is in de/);
    const off = await resolveInputs({ media: file(`${STEM}.mp4`), transcript: file('other.txt'), siblings: false });
    expect(off.found).toEqual([]);
    expect(off.descriptionText).toBeNull();
  });

  test("no .description: the info.json's description; no excerpt in it: the captions' words are the text", async () => {
    const r = await resolveInputs({ media: file('Weekly briefing [zzz].webm') });
    expect(r.descriptionFrom).toBe(file('Weekly briefing [zzz].info.json'));
    expect(r.descriptionText).toContain('0:12 Baltic air policing');
    expect(r.input.from).toBe('track');
    expect(r.language).toBe('en');
  });

  test("capsync's own outputs beside the media are not read back as inputs", async () => {
    await fs.writeFile(file('Weekly briefing [zzz].description.txt'), 'Written by an earlier run.');
    const r = await resolveInputs({ media: file('Weekly briefing [zzz].webm') });
    expect(r.paths.description).toBeUndefined();
    const elsewhere = await resolveInputs({ media: file('Weekly briefing [zzz].webm'), outDir: file('out') });
    expect(elsewhere.paths.description).toBe(file('Weekly briefing [zzz].description.txt'));
  });
});
