/**
 * `capsync batch` on a folder as yt-dlp leaves it — three videos, names with spaces, brackets,
 * dashes and accents, each with its .description, .info.json and .en.vtt auto-captions — runs
 * with no renaming and no manifest and writes captions, chapters and metadata for each.
 * The media are the real-audio fixtures in the containers yt-dlp writes (mp4, webm, mkv); the
 * auto-captions are made from the fixtures' word truth in YouTube's word-timed WebVTT layout.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AUDIO, assertBuilt, byName, capsync, ffmpeg, parseVtt, readReport, ROOT, walk } from './helpers.js';

interface TruthWord {
  text: string;
  start: number;
  end: number;
}

const A = 'Secretary General – press point [kAlPaUsEs01]';
const B = 'Pressekonferenz — Fragen & Antworten [sLtKeD0002]';
const C = 'Numbers, données & «chiffres» [rMsNuMb3r_3]';
let dir: string;
let out: string;
const file = (name: string) => path.join(dir, name);

/** `hh:mm:ss.mmm`. */
function ts(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** YouTube auto-captions: lower-case words without punctuation, each with its start tag, eight to a cue. */
function autoCaptions(words: readonly TruthWord[]): string {
  const said = words.map((w) => ({ ...w, text: w.text.toLowerCase().replace(/[^\p{L}\p{N}'%.-]/gu, '').replace(/\.$/, '') })).filter((w) => w.text);
  let vtt = 'WEBVTT\nKind: captions\nLanguage: en\n\n';
  for (let i = 0; i < said.length; i += 8) {
    const cue = said.slice(i, i + 8);
    const end = said[i + 8]?.start ?? cue[cue.length - 1]!.end;
    const body = cue.map((w, k) => (k === 0 ? w.text : `<${ts(w.start)}><c> ${w.text}</c>`)).join('');
    vtt += `${ts(cue[0]!.start)} --> ${ts(end)} align:start position:0%\n${body}\n\n`;
  }
  return vtt;
}

async function truthWords(name: string): Promise<TruthWord[]> {
  return (JSON.parse(await fs.readFile(path.join(AUDIO, `${name}.truth.json`), 'utf8')) as { words: TruthWord[] }).words;
}

const info = (id: string, title: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    title,
    fulltitle: title,
    extractor: 'youtube',
    webpage_url: `https://www.youtube.com/watch?v=${id}`,
    upload_date: '20250605',
    channel: 'NATO',
    duration: 30,
    formats: [{ format_id: '18' }],
    ...extra,
  });

beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-ytdlp-'));
  out = path.join(dir, 'capsync-out');
  const kal = (await fs.readFile(path.join(AUDIO, 'kal-pauses.txt'), 'utf8')).replace(/^NATO Secretary General:\n/, '');
  await Promise.all([
    // A: the description carries the transcript excerpt and the uploader's chapters block.
    ffmpeg(['-i', path.join(AUDIO, 'kal-pauses.m4a'), '-c', 'copy', file(`${A}.mp4`)]),
    fs.writeFile(
      file(`${A}.description`),
      `Press point by the NATO Secretary General, 5 June 2025.\n🗣 | NATO Secretary General:\n${kal}Transcript continues: https://www.nato.int/cps/en/natohq/opinions_235001.htm\n\n` +
        `0:00 Air and missile defence\n0:13 Defence spending in 2024\n\n▬▬▬▬▬▬▬▬▬▬\nSUBSCRIBE to this channel https://bit.ly/NATOsubscribe\n#NATO\n`,
    ),
    fs.writeFile(file(`${A}.info.json`), info('kAlPaUsEs01', 'Secretary General – press point')),
    truthWords('kal-pauses').then((w) => fs.writeFile(file(`${A}.en.vtt`), autoCaptions(w))),
    // B: the transcript is the saved nato.int page; the uploader's chapters are in the info.json only.
    ffmpeg(['-i', path.join(AUDIO, 'slt-ked-turns.ogg'), '-c', 'copy', file(`${B}.webm`)]),
    fs.copyFile(path.join(ROOT, 'tests/fixtures/pages/slt-ked-turns.html'), file(`${B}.html`)),
    fs.writeFile(file(`${B}.description`), 'Questions from the press after the meeting of Defence Ministers.\n\nSUBSCRIBE to this channel https://bit.ly/NATOsubscribe\n'),
    fs.writeFile(
      file(`${B}.info.json`),
      info('sLtKeD0002', 'Pressekonferenz — Fragen & Antworten', {
        chapters: [
          { start_time: 0, end_time: 12, title: 'Financial Times question' },
          { start_time: 12, end_time: 24.9, title: 'The answer on ammunition' },
        ],
      }),
    ),
    truthWords('slt-ked-turns').then((w) => fs.writeFile(file(`${B}.en.vtt`), autoCaptions(w))),
    // C: an ordinary description, no transcript anywhere: the auto-captions' own words are the text.
    ffmpeg(['-i', path.join(AUDIO, 'rms-numbers.ogg'), '-c', 'copy', file(`${C}.mkv`)]),
    fs.writeFile(file(`${C}.description`), 'Figures on defence spending, explained.\n#NATO #Defence\n'),
    fs.writeFile(file(`${C}.info.json`), info('rMsNuMb3r_3', 'Numbers, données & «chiffres»')),
    truthWords('rms-numbers').then((w) => fs.writeFile(file(`${C}.en.vtt`), autoCaptions(w))),
  ]);
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('capsync batch on a yt-dlp download folder', () => {
  test('runs as it is and writes captions, chapters and metadata for each video', async () => {
    const inputsBefore = (await fs.readdir(dir)).sort();
    const result = await capsync(['batch', dir, '--jobs', '2', '--quiet'], 240_000);
    expect(result.code, result.stderr).toBe(0);
    // Nothing was renamed or added beside the downloads.
    expect((await fs.readdir(dir)).filter((n) => n !== 'capsync-out').sort()).toEqual(inputsBefore);

    const report = await readReport(out);
    const items = byName(report);
    expect(Object.keys(items).sort()).toEqual([A, B, C].sort());
    for (const item of report.items) expect(item.status, `${item.name}: ${item.reason}`).toBe('ok');
    expect(items[A]!).toMatchObject({ description: file(`${A}.description`) });
    expect(items[B]!).toMatchObject({ transcript: file(`${B}.html`) });

    for (const stem of [A, B, C]) {
      const files = await walk(path.join(out, stem));
      // Outputs keep the media's stem; no "X.description.description.txt".
      for (const ext of ['vtt', 'srt', 'words.json', 'report.json', 'chapters.txt', 'chapters.vtt', 'metadata.json', 'description.txt']) {
        expect(files, stem).toContain(`${stem}.${ext}`);
      }
      expect(files.some((f) => f.includes('.description.description'))).toBe(false);
      const vtt = await parseVtt(path.join(out, stem, `${stem}.vtt`));
      expect(vtt.errors).toEqual([]);
      expect(vtt.cues.length).toBeGreaterThan(2);
      expect(vtt.cues.map((c) => c.text).join(' ')).not.toMatch(/<(?!v )|&\w+;|SUBSCRIBE|bit\.ly|Skip to|cookies/);
      const wordsReport = JSON.parse(await fs.readFile(path.join(out, stem, `${stem}.report.json`), 'utf8'));
      expect(wordsReport.words.placed / wordsReport.words.total, stem).toBeGreaterThan(0.8);
      // The info.json's title, upload date and URL are in the metadata.
      const metadata = JSON.parse(await fs.readFile(path.join(out, stem, `${stem}.metadata.json`), 'utf8'));
      expect(metadata.video.url).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=/);
      expect(metadata.title).toBe(JSON.parse(await fs.readFile(file(`${stem}.info.json`), 'utf8')).title);
      expect(metadata.date).toMatch(/^2025-06-0[5]$/);
      expect(metadata.chapters.length).toBeGreaterThan(0);
    }

    // A: the transcript is the description's excerpt, timed with the auto-captions' help; the
    // uploader's chapters are kept, in place.
    const reportA = JSON.parse(await fs.readFile(path.join(out, A, `${A}.report.json`), 'utf8'));
    expect(reportA.transcriptSource).toBe('description');
    expect(reportA.timingFrom).toBe('audio+track');
    expect(reportA.chapters).toMatchObject({ mode: 'keep', source: 'description' });
    const descriptionA = await fs.readFile(path.join(out, A, `${A}.description.txt`), 'utf8');
    expect(descriptionA).toMatch(/^0:00 Air and missile defence$/m);
    expect(descriptionA).toMatch(/^0:1\d Defence spending in 2024$/m);
    expect(descriptionA).not.toMatch(/^Chapters:/m);

    // B: the saved page's speech and labels, the info.json's chapters kept and written into the description.
    const wordsB = JSON.parse(await fs.readFile(path.join(out, B, `${B}.words.json`), 'utf8'));
    expect(wordsB.turns.map((t: { label: string }) => t.label)).toEqual(['Moderator', 'Question', 'NATO Secretary General']);
    expect(wordsB.words.map((w: { text: string }) => w.text).join(' ')).toMatch(/^We will take the next question from the Financial Times\./);
    const reportB = JSON.parse(await fs.readFile(path.join(out, B, `${B}.report.json`), 'utf8'));
    expect(reportB.chapters).toMatchObject({ mode: 'keep', source: 'info.json' });
    expect(await fs.readFile(path.join(out, B, `${B}.chapters.txt`), 'utf8')).toMatch(/^0:00 Financial Times question\n0:\d\d The answer on ammunition\n$/);
    expect(await fs.readFile(path.join(out, B, `${B}.description.txt`), 'utf8')).toMatch(/Chapters:\n0:00 Financial Times question\n/);

    // C: no transcript and no excerpt: the auto-captions' words, aligned to the audio.
    const reportC = JSON.parse(await fs.readFile(path.join(out, C, `${C}.report.json`), 'utf8'));
    expect(reportC.timingFrom).toBe('audio+track');
    expect(reportC.words.total).toBeGreaterThan(20);
  });
});
