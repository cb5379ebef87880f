import { describe, expect, it } from 'vitest';
import { alignTranscriptToTrack, dedupeTrackWords, readTimingTrack, wordsFromTrackOnly } from '../../../src/align/track/index.js';
import type { TrackWord } from '../../../src/align/track/index.js';
import { fixture, transcriptOf } from './helpers.js';

function paced(text: string, from: number, step = 0.3): TrackWord[] {
  return text.split(' ').map((t, k) => ({ text: t, start: from + k * step, end: from + k * step + step * 0.9 }));
}

describe('wordsFromTrackOnly', () => {
  it('turns YouTube auto-captions into sentence-case text with paragraphs at speaker changes', () => {
    const track = readTimingTrack(fixture('youtube-auto.en.vtt'));
    const { transcriptText, words } = wordsFromTrackOnly(track);
    expect(words).toHaveLength(track.words.length);
    const paragraphs = transcriptText.trim().split('\n\n');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/^Good afternoon and it has been/);
    // "i" is capitalized; a pause of about a second ends a sentence and capitalizes the next word.
    expect(transcriptText).toContain('here at nato. Here at nato I was glad');
    expect(paragraphs[0]).toMatch(/for the first time\.$/);
    expect(paragraphs[1]).toMatch(/^Thank you secretary general/);
    expect(transcriptText.endsWith('.\n')).toBe(true);
  });

  it('removes rolled-over repeats and same-time duplicates from raw track words', () => {
    const raw: TrackWord[] = [
      ...paced('we will now take questions from the floor', 0),
      // A caption tool re-emitted the last four words in the next cue.
      ...paced('questions from the floor', 2.4),
      ...paced('first question goes to reuters', 3.6),
      { text: 'reuters', start: 4.75, end: 5.0 }, // same word, same time
    ];
    const words = dedupeTrackWords(raw);
    expect(words.map((w) => w.text).join(' ')).toBe('we will now take questions from the floor first question goes to reuters');
  });

  it('keeps the casing and punctuation of a track that has them', () => {
    const track: TrackWord[] = [
      ...paced('Thank you, Secretary General. I’m glad to be here.', 0),
      ...paced('My question is for Minister Umerov.', 7),
    ];
    const { transcriptText } = wordsFromTrackOnly(track);
    expect(transcriptText).toBe('Thank you, Secretary General. I’m glad to be here.\n\nMy question is for Minister Umerov.\n');
  });

  it('capitalizes i and its contractions in a lower-case track', () => {
    const { transcriptText } = wordsFromTrackOnly(paced("i think i'm right and i'll say it", 0));
    expect(transcriptText).toBe("I think I'm right and I'll say it.\n");
  });

  it('gives text that aligns back to the track word for word', () => {
    const track = readTimingTrack(fixture('youtube-auto.en.vtt'));
    const { transcriptText } = wordsFromTrackOnly(track);
    const words = transcriptOf(transcriptText.replace(/\n\n/g, '\n'));
    const r = alignTranscriptToTrack(words, track);
    expect(r.stats.matchedWords).toBe(track.words.length);
    r.timed.forEach((t, k) => expect(t.start).toBe(track.words[k].start));
  });

  it('returns empty text for an empty track', () => {
    expect(wordsFromTrackOnly([]).transcriptText).toBe('');
  });
});
