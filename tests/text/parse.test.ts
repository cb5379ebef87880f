import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranscript, findStageDirections, locateDescriptionTranscript } from '../../src/text/index.js';
import type { Transcript } from '../../src/types.js';

const SEED = readFileSync(new URL('../fixtures/descriptions/nato-defmin-2025-02-13.description.txt', import.meta.url), 'utf8');

/** Every structural invariant of a parsed transcript against its source text. */
function checkInvariants(input: string, t: Transcript): void {
  t.words.forEach((w, i) => {
    expect(w.index).toBe(i);
    expect(input.slice(w.charStart, w.charEnd)).toBe(w.text);
    expect(w.text).not.toMatch(/\s/u);
    if (i > 0) {
      const p = t.words[i - 1];
      expect(w.charStart).toBeGreaterThanOrEqual(p.charEnd);
      expect(w.sentence - p.sentence).toBeGreaterThanOrEqual(0);
      expect(w.sentence - p.sentence).toBeLessThanOrEqual(1);
      expect(w.paragraph - p.paragraph).toBeGreaterThanOrEqual(0);
      expect(w.paragraph - p.paragraph).toBeLessThanOrEqual(1);
      expect(w.turn - p.turn).toBeGreaterThanOrEqual(0);
      expect(w.turn - p.turn).toBeLessThanOrEqual(1);
    } else {
      expect([w.sentence, w.paragraph, w.turn]).toEqual([0, 0, 0]);
    }
  });
  // Turns and paragraphs tile the words exactly.
  for (const list of [t.turns, t.paragraphs]) {
    list.forEach((span, k) => {
      expect(span.index).toBe(k);
      expect(span.firstWord).toBe(k === 0 ? 0 : list[k - 1].lastWord + 1);
      expect(span.lastWord).toBeGreaterThanOrEqual(span.firstWord);
    });
    expect(list[list.length - 1].lastWord).toBe(t.words.length - 1);
  }
  for (const turn of t.turns) for (let i = turn.firstWord; i <= turn.lastWord; i++) expect(t.words[i].turn).toBe(turn.index);
  for (const p of t.paragraphs) for (let i = p.firstWord; i <= p.lastWord; i++) expect(t.words[i].paragraph).toBe(p.index);
}

function sentences(t: Transcript): string[] {
  const out: string[] = [];
  for (const w of t.words) out[w.sentence] = out[w.sentence] ? `${out[w.sentence]} ${w.text}` : w.text;
  return out;
}

describe('plain transcripts', () => {
  it('splits words with their punctuation and keeps exact offsets', () => {
    const input = 'Good afternoon.  We met\tin Brussels, (NATO) today!';
    const t = parseTranscript(input);
    expect(t.source).toBe('plain');
    expect(t.language).toBe('en');
    expect(t.words.map((w) => w.text)).toEqual(['Good', 'afternoon.', 'We', 'met', 'in', 'Brussels,', '(NATO)', 'today!']);
    expect(t.words.map((w) => w.spoken)).toEqual(['good', 'afternoon', 'we', 'met', 'in', 'brussels', 'nato', 'today']);
    expect(t.turns).toEqual([{ index: 0, label: null, role: null, firstWord: 0, lastWord: 7 }]);
    checkInvariants(input, t);
  });

  it('handles a BOM, Windows line endings, non-breaking spaces and curly quotes', () => {
    const input = '\uFEFFFirst line of text.\r\nSecond\u00A0line’s “quote”.\r\n\r\nThird\u202Fpara\u2009here.\r\n';
    const t = parseTranscript(input);
    expect(t.words.map((w) => w.text)).toEqual(['First', 'line', 'of', 'text.', 'Second', 'line’s', '“quote”.', 'Third', 'para', 'here.']);
    expect(t.words.map((w) => w.spoken).slice(5, 7)).toEqual(["line's", 'quote']);
    expect(t.words.every((w) => !w.text.includes('\r'))).toBe(true);
    expect(t.paragraphs.length).toBe(3);
    checkInvariants(input, t);
  });

  it('keeps dashes as unspoken words and drops bullets', () => {
    const input = '• Clear signals – and more • to come…';
    const t = parseTranscript(input);
    expect(t.words.map((w) => [w.text, w.spoken])).toEqual([
      ['Clear', 'clear'], ['signals', 'signals'], ['–', ''], ['and', 'and'], ['more', 'more'], ['to', 'to'], ['come…', 'come'],
    ]);
    checkInvariants(input, t);
  });

  it('leaves stage directions out of the words', () => {
    const input = 'Thank you. [applause] We agree (inaudible) on this.[Laughter] (Speaks in French) Merci. The Allies (all 32) agreed.';
    const t = parseTranscript(input);
    const texts = t.words.map((w) => w.text);
    expect(texts).toEqual(['Thank', 'you.', 'We', 'agree', 'on', 'this.', 'Merci.', 'The', 'Allies', '(all', '32)', 'agreed.']);
    expect(t.words[9].spoken).toBe('all');
    expect(t.words[10].spoken).toBe('thirty two');
    expect(findStageDirections(input).length).toBe(4);
    checkInvariants(input, t);
  });

  it('gives numbers, money and acronyms their spoken form in context', () => {
    const input = 'Since 2014, Allies added 700 billion US dollars. In 2024 we spent $485 billion, 2% of GDP, up 20%.';
    const t = parseTranscript(input);
    const spoken = Object.fromEntries(t.words.map((w) => [w.text, w.spoken]));
    expect(spoken['2014,']).toBe('twenty fourteen');
    expect(spoken['700']).toBe('seven hundred');
    expect(spoken['US']).toBe('u s');
    expect(spoken['2024']).toBe('twenty twenty four');
    expect(spoken['$485']).toBe('four hundred eighty five');
    expect(spoken['billion,']).toBe('billion dollars');
    expect(spoken['2%']).toBe('two percent');
    expect(spoken['GDP,']).toBe('g d p');
    expect(spoken['20%.']).toBe('twenty percent');
  });

  it('joins hard-wrapped lines into one paragraph but keeps one paragraph per line otherwise', () => {
    const wrapped =
      'This is a long transcript line that was wrapped by an editor at a fixed\n' +
      'width so that the sentence continues on the next line without a break in\n' +
      'the middle of the thought, and it ends here.\n\nA second paragraph.';
    const w = parseTranscript(wrapped);
    expect(w.paragraphs.length).toBe(2);
    expect(sentences(w).length).toBe(2);
    const perLine = 'Good afternoon,\nIt has been a busy day.\nWe met the Allies.';
    const p = parseTranscript(perLine);
    expect(p.paragraphs.map((x) => [x.firstWord, x.lastWord])).toEqual([[0, 1], [2, 7], [8, 11]]);
  });

  it('reads other languages verbatim', () => {
    const t = parseTranscript('Le Secrétaire général de l’OTAN a dit : 2,5 % du PIB.', { language: 'fr' });
    expect(t.language).toBe('fr');
    expect(t.words.map((w) => w.spoken)).toEqual(['le', 'secrétaire', 'général', 'de', "l'otan", 'a', 'dit', '2,5', '%', 'du', 'pib']);
    // the lone ":" of French typography is dropped, not spoken
    expect(t.words.some((w) => w.text === ':')).toBe(false);
  });
});

describe('sentence splitting', () => {
  it.each([
    ['Mr. Rutte met Dr. Smith. They talked.', ['Mr. Rutte met Dr. Smith.', 'They talked.']],
    ['Growth was 2.5 percent. It rose.', ['Growth was 2.5 percent.', 'It rose.']],
    ['The U.S. Secretary of Defence came. He spoke.', ['The U.S. Secretary of Defence came.', 'He spoke.']],
    ['We work with the U.S. We also work with Canada.', ['We work with the U.S.', 'We also work with Canada.']],
    ['This is priority No. 1 for us. Yes!', ['This is priority No. 1 for us.', 'Yes!']],
    ['Is it? Yes. "Quite so." Right…', ['Is it?', 'Yes.', '"Quite so."', 'Right…']],
    ['John F. Kennedy said it at 3 p.m. on Monday.', ['John F. Kennedy said it at 3 p.m. on Monday.']],
    ['We met at 3 p.m. The talks went well.', ['We met at 3 p.m.', 'The talks went well.']],
    ['We must... we will act. Now.', ['We must... we will act.', 'Now.']],
    ['Gen. Cavoli, St. Petersburg, e.g. here. Done.', ['Gen. Cavoli, St. Petersburg, e.g. here.', 'Done.']],
  ])('%s', (input, expected) => {
    expect(sentences(parseTranscript(input))).toEqual(expected);
  });

  it('starts a new sentence at each paragraph even without a full stop', () => {
    const t = parseTranscript('Good afternoon,\nAnd welcome.');
    expect(sentences(t)).toEqual(['Good afternoon,', 'And welcome.']);
  });
});

describe('labelled transcripts', () => {
  const NATO = [
    'Oana Lungescu (NATO Spokesperson): Good afternoon. The Secretary General will start.',
    '',
    'NATO Secretary General:',
    'Thank you Oana. 2% is the floor.',
    '',
    'Let me say this: we are united.',
    '',
    'Moderator:',
    'We go to Reuters.',
    '',
    'Q: Thank you. A question on Ukraine.',
    '',
    'MARK RUTTE: Thanks for the question.',
    '',
    'Question (Deutsche Welle):',
    'And on Russia?',
  ].join('\n');

  it('turns labels into speaker turns, never words', () => {
    const t = parseTranscript(NATO);
    expect(t.source).toBe('labelled');
    expect(t.turns.map((x) => [x.label, x.role])).toEqual([
      ['Oana Lungescu (NATO Spokesperson)', 'moderator'],
      ['NATO Secretary General', 'host'],
      ['Moderator', 'moderator'],
      ['Q', 'question'],
      ['MARK RUTTE', 'other'],
      ['Question (Deutsche Welle)', 'question'],
    ]);
    const texts = t.words.map((w) => w.text);
    for (const label of ['Lungescu', 'Spokesperson):', 'General:', 'Moderator:', 'Q:', 'RUTTE:', 'Welle):']) {
      expect(texts).not.toContain(label);
    }
    // "Let me say this:" is a sentence with a colon, not a label.
    expect(texts).toContain('this:');
    expect(t.words[t.turns[1].firstWord].text).toBe('Thank');
    expect(t.words[t.turns[4].firstWord].text).toBe('Thanks');
    // each turn starts a paragraph and a sentence
    for (const turn of t.turns.slice(1)) {
      const first = t.words[turn.firstWord];
      const before = t.words[turn.firstWord - 1];
      expect(first.paragraph).toBe(before.paragraph + 1);
      expect(first.sentence).toBe(before.sentence + 1);
    }
    checkInvariants(NATO, t);
  });

  it('keeps the words before the first label in an unlabelled turn, or under speakerLabel', () => {
    const input = 'Good morning everyone.\nModerator: First question.';
    const a = parseTranscript(input);
    expect(a.turns.map((x) => x.label)).toEqual([null, 'Moderator']);
    expect(a.turns[0].role).toBeNull();
    const b = parseTranscript(input, { speakerLabel: 'NATO Secretary General' });
    expect(b.turns.map((x) => [x.label, x.role])).toEqual([['NATO Secretary General', 'host'], ['Moderator', 'moderator']]);
  });

  it('accepts a one-word name label before speech only when it recurs', () => {
    const once = parseTranscript('Rutte: thank you for coming.');
    expect(once.turns[0].label).toBeNull();
    expect(once.words[0].text).toBe('Rutte:');
    const twice = parseTranscript('Rutte: thank you.\nSmith: a question.\nRutte: an answer.\nSmith: thanks.');
    expect(twice.source).toBe('labelled');
    expect(twice.turns.map((x) => x.label)).toEqual(['Rutte', 'Smith', 'Rutte', 'Smith']);
  });

  it('ignores labels when told the text is plain', () => {
    const t = parseTranscript('Moderator: hello there.', { source: 'plain' });
    expect(t.turns.length).toBe(1);
    expect(t.words[0].text).toBe('Moderator:');
  });

  it('drops a label with no words after it', () => {
    const t = parseTranscript('Moderator:\nQ:\nWhat about Ukraine?');
    expect(t.turns.map((x) => x.label)).toEqual(['Q']);
  });
});

describe('YouTube description transcripts (seed)', () => {
  const t = parseTranscript(SEED);

  it('takes the text after the speaker marker up to "Transcript continues:"', () => {
    expect(t.source).toBe('description');
    expect(t.continuesAt).toBe('https://www.nato.int/cps/en/natohq/opinions_232958.htm');
    expect(t.turns.map((x) => [x.label, x.role])).toEqual([['NATO Secretary General', 'host']]);
    expect(t.words[0].text).toBe('Good');
    expect(t.words[0].paragraph).toBe(0);
    expect(t.words[t.words.length - 1].text).toBe('year.');
    const texts = t.words.map((w) => w.text);
    for (const absent of ['press', 'SUBSCRIBE', '#NATO', 'https://bit.ly/NATOsubscribe', 'continues:']) expect(texts).not.toContain(absent);
    checkInvariants(SEED, t);
  });

  it('gives every written form in the seed a spoken form', () => {
    const spoken = (text: string) => t.words.filter((w) => w.text === text).map((w) => w.spoken);
    expect(spoken('24')).toEqual(['twenty four']);
    expect(spoken('US')).toEqual(['u s', 'u s', 'u s']);
    expect(spoken('2014,')).toEqual(['twenty fourteen']);
    expect(spoken('700')).toEqual(['seven hundred']);
    expect(spoken('485')).toEqual(['four hundred eighty five']);
    expect(spoken('20%')).toEqual(['twenty percent']);
    expect(spoken('2023.')).toEqual(['twenty twenty three']);
    expect(spoken('two-thirds')).toEqual(['two thirds']);
    expect(spoken('2%')).toEqual(['two percent']);
    expect(spoken('GDP')).toEqual(['g d p']);
    expect(spoken('NATO-Ukraine')).toEqual(['nato ukraine']);
    expect(spoken('EU')).toEqual(['e u']);
    expect(spoken('UDCG')).toEqual(['u d c g']);
    expect(spoken('2024,')).toEqual(['twenty twenty four', 'twenty twenty four']);
    expect(spoken('60%')).toEqual(['sixty percent']);
    expect(spoken('–')).toEqual(['', '']);
    expect(spoken('America’s')).toEqual(["america's", "america's"]);
    // everything else is the word itself, lower-cased without punctuation
    for (const w of t.words) {
      if (!/\d|[A-Z]{2}|-|–|’/.test(w.text)) expect(w.spoken).toBe(w.text.toLowerCase().replace(/[.,:;!?]/g, ''));
    }
  });

  it('splits the seed into one paragraph per line and sentences at full stops', () => {
    expect(t.paragraphs.length).toBe(28);
    const s = sentences(t);
    expect(s[0]).toBe('Good afternoon,');
    expect(s[1]).toBe('And it has been a very busy 24 hours.');
    expect(s).toContain('Since 2014, European Allies and Canada have added more than 700 billion additional US dollars for defence.');
    expect(s.length).toBe(49);
  });

  it('locates the transcript span and marker label', () => {
    const span = locateDescriptionTranscript(SEED);
    expect(SEED.slice(span.start, span.start + 30)).toMatch(/NATO Secretary General:/);
    expect(SEED.slice(span.end).startsWith('Transcript continues:')).toBe(true);
    expect(span.speakerLabel).toBe('NATO Secretary General');
  });

  it('starts at an inline marker label and keeps later turns', () => {
    const input = 'Press point, 1 MAY\nOana Lungescu (NATO Spokesperson): Good afternoon.\nQ: A question?\nTranscript continues: https://nato.int/x.';
    const d = parseTranscript(input);
    expect(d.source).toBe('description');
    expect(d.continuesAt).toBe('https://nato.int/x');
    expect(d.turns.map((x) => x.role)).toEqual(['moderator', 'question']);
    expect(d.words.map((w) => w.text)).toEqual(['Good', 'afternoon.', 'A', 'question?']);
  });

  it('ends at the separator when there is no continuation line', () => {
    const input = 'Title\n🗣️ | Moderator:\nWelcome all.\n▬▬▬▬▬▬▬▬\nSUBSCRIBE https://bit.ly/x';
    const d = parseTranscript(input);
    expect(d.source).toBe('description');
    expect(d.words.map((w) => w.text)).toEqual(['Welcome', 'all.']);
    expect(d.continuesAt).toBeNull();
  });
});

const PROSE_OPENING =
  'Start here. Good afternoon and welcome to this press conference about defence spending, industry and our continued support for Ukraine, which remains strong across the whole Alliance this year.';

describe('offsets round-trip (property)', () => {
  const piece = fc.constantFrom(
    'Moderator:', 'Q:', 'NATO', '2%', 'U.S.', 'Mr.', '2.5', '–', '•', '[applause]', '(inaudible)', 'word', 'Ukraine.',
    '“quote”', 'l’Alliance', '700', 'billion', '$5', 'Hello!', 'two-thirds', 'MARK RUTTE:', '€50',
  );
  const sep = fc.constantFrom(' ', '  ', '\n', '\r\n', '\n\n', '\u00A0', '\t', ' \r\n\r\n');
  it('every word maps back to its exact source text and the structure is consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, sep), { minLength: 1, maxLength: 40 }), (parts) => {
        // A prose opening keeps every generated input a plausible transcript (enough letters to pass
        // the input checks), so the property is about offsets and structure, not rejection.
        const input = `${PROSE_OPENING} ${parts.map(([p, s]) => p + s).join('')}`;
        const t = parseTranscript(input);
        checkInvariants(input, t);
      }),
      { numRuns: 300 },
    );
  });
});
