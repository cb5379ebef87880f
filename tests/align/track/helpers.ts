/**
 * Test helpers: TranscriptWord objects without the text stage. Spoken forms come from an
 * explicit table for the numbers and acronyms in the fixtures, else the lower-cased word.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranscriptWord } from '../../../src/types.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tracks');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

const SPOKEN: Record<string, string> = {
  '24': 'twenty four',
  '2%': 'two percent',
  '20%': 'twenty percent',
  '60%': 'sixty percent',
  '700': 'seven hundred',
  '485': 'four hundred eighty five',
  '50': 'fifty',
  '40': 'forty',
  '2014': 'twenty fourteen',
  '2023': 'twenty twenty three',
  '2024': 'twenty twenty four',
  '2025': 'twenty twenty five',
  us: 'u s',
  eu: 'e u',
  udcg: 'u d c g',
};

/** What a speaker says for a written word, as the text stage would give it. */
export function spokenOf(text: string): string {
  const bare = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu, '');
  if (!bare) return '';
  const table = SPOKEN[bare] ?? SPOKEN[bare.toLowerCase()];
  if (table && (bare === bare.toUpperCase() || /\d/.test(bare))) return table;
  return bare.toLowerCase().replace(/[’]/g, "'").replace(/[-–]/g, ' ').replace(/[^\p{L}\p{N}' ]/gu, '').trim();
}

/** Transcript words of a text: one paragraph per line, sentences split after . ? ! */
export function transcriptOf(text: string): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  let sentence = 0;
  let pos = 0;
  text.split('\n').forEach((line, paragraph) => {
    for (const m of line.matchAll(/\S+/g)) {
      const t = m[0];
      words.push({ index: words.length, text: t, spoken: spokenOf(t), paragraph, sentence, turn: 0, charStart: pos + m.index!, charEnd: pos + m.index! + t.length });
      if (/[.?!]["'’)]*$/.test(t)) sentence++;
    }
    pos += line.length + 1;
  });
  return words.filter((w) => w.text.length > 0);
}

export function paragraphsOf(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}
