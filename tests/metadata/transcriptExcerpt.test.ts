import { describe, expect, it } from 'vitest';
import { extractTranscriptFromDescription } from '../../src/metadata/index.js';
import { fixture, hostileDescription, longLineDescription, seed } from './fixtures.js';

const SEED_URL = 'https://www.nato.int/cps/en/natohq/opinions_232958.htm';

describe('extractTranscriptFromDescription on the seed', () => {
  const text = seed();
  const ex = extractTranscriptFromDescription(text)!;

  it('takes the speech between the speaker marker and "Transcript continues"', () => {
    expect(ex).not.toBeNull();
    expect(ex.speakerLabel).toBe('NATO Secretary General');
    expect(ex.continuesAt).toBe(SEED_URL);
    expect(ex.text.startsWith('Good afternoon,\nAnd it has been a very busy 24 hours.')).toBe(true);
    expect(ex.text.endsWith('This is well above the 40 billion that we had pledged for the year.')).toBe(true);
    for (const bad of ['🗣', 'Transcript continues', '▬', 'bit.ly', '#NATO', 'Press conference by']) expect(ex.text).not.toContain(bad);
  });

  it('keeps every speech line and reports offsets into the input', () => {
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('Good afternoon'));
    const last = lines.findIndex((l) => l.startsWith('Transcript continues'));
    expect(ex.text.split('\n')).toEqual(lines.slice(first, last));
    expect(text.slice(ex.startOffset, ex.endOffset)).toBe(ex.text);
  });

  it('gives the same excerpt for Windows line endings, with offsets into the CRLF text', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const c = extractTranscriptFromDescription(crlf)!;
    expect(c.text).toBe(ex.text);
    expect(crlf.slice(c.startOffset, c.endOffset).replace(/\r\n/g, '\n')).toBe(ex.text);
  });

  it('ends at the divider when there is no "Transcript continues" line', () => {
    const noContinues = text.replace(/^Transcript continues:.*\n/m, '');
    const c = extractTranscriptFromDescription(noContinues)!;
    expect(c.continuesAt).toBeNull();
    expect(c.text).toBe(ex.text);
  });

  it('ends at the link list when there is neither a continues line nor a divider', () => {
    const bare = text.replace(/^Transcript continues:.*\n/m, '').replace(/^▬+\n/m, '');
    const c = extractTranscriptFromDescription(bare)!;
    expect(c.text).toBe(ex.text);
  });

  it('without the marker line, skips title and subtitle and starts at the speech', () => {
    const noMarker = text.replace(/^🗣.*\n/m, '');
    const c = extractTranscriptFromDescription(noMarker)!;
    expect(c.speakerLabel).toBeNull();
    expect(c.text).toBe(ex.text);
  });
});

describe('extractTranscriptFromDescription on other shapes', () => {
  it('reads speech that follows the marker on the same line, up to an inline "Transcript continues"', () => {
    const ex = extractTranscriptFromDescription(fixture('inline-marker.description.txt'))!;
    expect(ex.speakerLabel).toBe('NATO Deputy Secretary General');
    expect(ex.text).toBe('Good morning. Allies meet today to take stock of our support for Ukraine. We will also discuss the next summit.');
    expect(ex.continuesAt).toBe('https://www.nato.int/cps/en/natohq/opinions_234000.htm');
  });

  it('keeps later speaker labels inside a Q&A excerpt', () => {
    const ex = extractTranscriptFromDescription(fixture('qa-labels.description.txt'))!;
    expect(ex.speakerLabel).toBe('Moderator');
    expect(ex.text.split('\n')[0]).toMatch(/^Good afternoon and welcome\./);
    expect(ex.text).toContain('\nPrime Minister of Norway:\n');
    expect(ex.text).toContain('\nQuestion (Reuters):\n');
    expect(ex.text.endsWith('when will Norway reach the new target?')).toBe(true);
  });

  it('reads a French description (label with a space before the colon)', () => {
    const ex = extractTranscriptFromDescription(fixture('french.description.txt'))!;
    expect(ex.speakerLabel).toBe("Secrétaire général de l'OTAN");
    expect(ex.text.startsWith('Bonjour à toutes et à tous,')).toBe(true);
    expect(ex.text.endsWith('en provenance de Munich.')).toBe(true);
    expect(ex.continuesAt).toBe('https://www.nato.int/cps/fr/natohq/opinions_232958.htm');
  });

  it('reads a "Transcript:" heading with blank-line paragraphs and stops at the hashtags', () => {
    const d = 'Budget statement\n\nTranscript:\nFirst paragraph of the statement, with several words.\n\nSecond paragraph, also spoken aloud.\n\n#budget #statement';
    const ex = extractTranscriptFromDescription(d)!;
    expect(ex.speakerLabel).toBeNull();
    expect(ex.text).toBe('First paragraph of the statement, with several words.\n\nSecond paragraph, also spoken aloud.');
  });

  it('returns null when there is no transcript-like section', () => {
    for (const name of ['no-links.description.txt', 'podcast.description.txt', 'links-section.description.txt', 'inline-links.description.txt', 'markdown-bullets.description.txt', 'cyrillic.description.txt']) {
      expect(extractTranscriptFromDescription(fixture(name)), name).toBeNull();
    }
    expect(extractTranscriptFromDescription('')).toBeNull();
    expect(extractTranscriptFromDescription('   \n\n  ')).toBeNull();
    expect(extractTranscriptFromDescription('https://a.example.com\nhttps://b.example.com')).toBeNull();
    // A list heading with an emoji is not a speaker marker.
    expect(extractTranscriptFromDescription('Title\n👉 Follow us:\nhttps://x.com/someone\nhttps://facebook.com/someone')).toBeNull();
  });

  it('drops control characters from the text of a hostile description and keeps offsets honest', () => {
    const d = hostileDescription();
    const ex = extractTranscriptFromDescription(d)!;
    expect(ex.speakerLabel).toBe('Spokesperson');
    expect(ex.text).toBe('Good morning. We have three announcements today about the budget and the schedule.');
    expect(d.slice(ex.startOffset, ex.endOffset)).toContain('\u0008');
    expect(ex.continuesAt).toBe('https://www.example.org/briefing-2025-04-01');
  });

  it('handles a very long line quickly', () => {
    const t0 = performance.now();
    expect(extractTranscriptFromDescription(longLineDescription())).toBeNull();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
