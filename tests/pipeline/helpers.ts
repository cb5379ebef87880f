/** Checks shared by the pipeline tests: every written file is read back and validated. */
import { promises as fs } from 'node:fs';
import { expect } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import type { GenerateResult } from '../../src/pipeline/index.js';

/** Parse with the W3C parser; no errors allowed. Returns the cues. */
export function validVtt(text: string, mode: 'subtitles' | 'chapters' | 'metadata' = 'subtitles') {
  const parsed = new WebVTTParser().parse(text, mode);
  expect(parsed.errors, JSON.stringify(parsed.errors.slice(0, 5))).toEqual([]);
  return parsed.cues;
}

/** Read every output back and check its shape against the result; returns the parsed words.json. */
export async function checkOutputs(result: GenerateResult) {
  const { files } = result;
  const vtt = await fs.readFile(files.vtt, 'utf8');
  const cues = validVtt(vtt);
  expect(cues.length).toBe(result.cues.length);
  for (let i = 1; i < cues.length; i++) expect(cues[i].startTime).toBeGreaterThanOrEqual(cues[i - 1].startTime);
  for (const cue of cues) expect(cue.endTime).toBeGreaterThan(cue.startTime);
  validVtt(await fs.readFile(files.chaptersVtt, 'utf8'), 'chapters');

  const srt = await fs.readFile(files.srt, 'utf8');
  expect(srt.match(/^\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/gm)?.length ?? 0).toBe(result.cues.length);

  const words = JSON.parse(await fs.readFile(files.words, 'utf8'));
  expect(words.version).toBe(1);
  expect(words.language).toBe(result.transcript.language);
  expect(words.duration).toBeGreaterThan(0);
  expect(words.words).toHaveLength(result.transcript.words.length);
  let lastStart = -Infinity;
  words.words.forEach((w: Record<string, unknown>, i: number) => {
    expect(Object.keys(w).sort()).toEqual(['confidence', 'end', 'paragraph', 'sentence', 'source', 'start', 'text', 'turn']);
    expect(w.text).toBe(result.transcript.words[i].text);
    if (w.start === null) {
      expect(w.end).toBeNull();
      expect(w.source).toBeNull();
    } else {
      expect(typeof w.start).toBe('number');
      expect(w.end as number).toBeGreaterThanOrEqual(w.start as number);
      expect(w.start as number).toBeGreaterThanOrEqual(lastStart);
      expect(w.end as number).toBeLessThanOrEqual(words.duration + 0.01);
      expect(w.confidence as number).toBeGreaterThanOrEqual(0);
      expect(w.confidence as number).toBeLessThanOrEqual(1);
      lastStart = w.start as number;
    }
  });
  expect(words.turns.length).toBe(result.transcript.turns.length);

  const report = JSON.parse(await fs.readFile(files.report, 'utf8'));
  expect(report.words.total).toBe(result.transcript.words.length);
  expect(report.words.placed).toBe(words.words.filter((w: { start: unknown }) => w.start !== null).length);
  expect(report.coverage.note).toMatch(/^transcript (covers|not found)/);

  const metadata = JSON.parse(await fs.readFile(files.metadata, 'utf8'));
  expect(metadata.chapters).toHaveLength(result.chapters.length);
  expect(metadata.alignment.wordsPlaced).toBe(report.words.placed);
  expect(metadata.captions.cues).toBe(result.cues.length);

  const chapterLines = (await fs.readFile(files.chaptersTxt, 'utf8')).split('\n').filter(Boolean);
  expect(chapterLines).toHaveLength(result.chapters.length);
  return { words, report, metadata, vtt, srt };
}
