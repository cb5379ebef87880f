import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guessSpeakerRole, matchSpeakerLabel, normalizeLanguageTag, parseTranscript } from '../../src/text/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FRENCH = readFileSync(path.join(ROOT, 'tests/fixtures/french/conference.transcript.txt'), 'utf8');

describe('language tags in any common form', () => {
  it.each([
    ['fr', 'fr'], ['FR', 'fr'], ['fr-FR', 'fr'], ['fr_FR', 'fr'], ['fr-ca', 'fr'], ['fra', 'fr'], ['fre', 'fr'], ['French', 'fr'],
    ['en', 'en'], ['en-GB', 'en-gb'], ['en_gb', 'en-gb'], ['en-au', 'en-gb'], ['en-US', 'en-us'], ['eng', 'en'], ['de-DE', 'de'], ['sv', 'sv'],
  ])('%s → %s', (tag, expected) => {
    expect(normalizeLanguageTag(tag)).toBe(expected);
  });
  it.each(['english please', 'f', 'fr-', '12'])('refuses %j', (tag) => {
    expect(normalizeLanguageTag(tag)).toBeNull();
  });
});

describe('French speaker labels', () => {
  it.each([
    ["Secrétaire général de l'OTAN :", "Secrétaire général de l'OTAN", 'host'],
    ['Secrétaire général de l’OTAN\u00a0:', 'Secrétaire général de l’OTAN', 'host'],
    ['Modérateur :', 'Modérateur', 'moderator'],
    ['Modératrice : Merci.', 'Modératrice', 'moderator'],
    ['Question :', 'Question', 'question'],
    ['Q : Merci beaucoup.', 'Q', 'question'],
    ['Réponse :', 'Réponse', 'answer'],
    ['Journaliste (AFP) :', 'Journaliste (AFP)', 'question'],
    ["Mark Rutte (Secrétaire général de l'OTAN) :", "Mark Rutte (Secrétaire général de l'OTAN)", 'host'],
  ])('%j is a label', (line, label, role) => {
    const m = matchSpeakerLabel(line);
    expect(m?.label).toBe(label);
    expect(guessSpeakerRole(m!.label)).toBe(role);
  });
  it.each(['Le ministre a dit :', 'Je voudrais dire ceci :', 'Premièrement :', 'La transcription se poursuit : https://www.nato.int/x'])('%j is not', (line) => {
    expect(matchSpeakerLabel(line)).toBeNull();
  });
});

describe('a French transcript', () => {
  const t = parseTranscript(FRENCH, { language: 'fr' });
  const texts = t.words.map((w) => w.text);

  it('has one turn per label, and no label is a word', () => {
    expect(t.turns.map((x) => [x.label, x.role])).toEqual([
      ["Secrétaire général de l'OTAN", 'host'],
      ['Modérateur', 'moderator'],
      ['Question', 'question'],
      ["Secrétaire général de l'OTAN", 'host'],
      ['Q', 'question'],
      ["Secrétaire général de l'OTAN", 'host'],
    ]);
    expect(texts.join(' ')).not.toMatch(/Modérateur|Secrétaire général de l'OTAN :|^Q /);
    // The answer is its own turn, not part of the question.
    const question = t.turns[2]!;
    expect(texts[question.lastWord]).toBe('2030\u00a0?');
  });

  it('keeps French punctuation as written, joined to its word by a no-break space', () => {
    expect(texts).toContain('2030\u00a0?');
    expect(texts).toContain('Oui\u00a0!');
    expect(texts).toContain('ceci\u00a0:');
    expect(texts).toContain('«\u00a0Nous');
    expect(texts).toContain('arriverons\u00a0».');
    expect(texts).not.toContain('?');
    const q = t.words.find((w) => w.text === '2030\u00a0?')!;
    expect(q.spoken).toBe('2030');
    expect(FRENCH.slice(q.charStart, q.charEnd)).toBe('2030 ?');
    // "?" ends the sentence.
    expect(t.words[q.index + 1]!.sentence).toBe(q.sentence + 1);
  });

  it('drops French stage directions', () => {
    expect(texts.join(' ')).not.toMatch(/Applaudissements|Seul le texte/);
  });
});

describe('French quantities in captions', () => {
  it('"3 %" stays on one line', async () => {
    const { captionBreakPenalty } = await import('../../src/captions/index.js');
    expect(captionBreakPenalty('3', '%')).toBeGreaterThan(captionBreakPenalty('du', 'PIB'));
    expect(captionBreakPenalty('40', '€')).toBeGreaterThanOrEqual(8);
  });
});
