/**
 * A timing track is checked before it is trusted: backwards, zero-length and overlapping cues
 * are repaired or dropped and counted; a track that barely matches the transcript is flagged.
 */
import { describe, expect, it } from 'vitest';
import { describeTrackRepairs, repairTrack, trackMismatch } from '../../../src/align/track/validate.js';
import { alignTranscriptToTrack, readTimingTrack } from '../../../src/align/track/index.js';
import { parseTranscript } from '../../../src/text/index.js';
import type { TimingTrack, TrackWord } from '../../../src/align/track/index.js';

const track = (words: Array<[string, number, number]>): TimingTrack => ({
  format: 'srt',
  precision: 'cue',
  words: words.map(([text, start, end], cue): TrackWord => ({ text, start, end, cue })),
});

describe('repairTrack', () => {
  it('drops backwards words, stretches zero-length ones to the next word, cuts overlaps, restores order', () => {
    const { track: fixed, repairs } = repairTrack(
      track([
        ['Good', 1, 1.4],
        ['morning', 1.4, 1.4], // zero length: up to the next word
        ['everyone', 3, 2], // backwards: dropped
        ['we', 1.9, 2.6], // overlaps the next
        ['meet', 2.4, 2.8],
        ['today', 2.9, 3.3],
        ['late', 0.5, 0.8], // out of order
        ['x', Number.NaN, 1],
      ]),
    );
    expect(fixed.words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['late', 0.5, 0.8],
      ['Good', 1, 1.4],
      ['morning', 1.4, 1.9],
      ['we', 1.9, 2.4],
      ['meet', 2.4, 2.8],
      ['today', 2.9, 3.3],
    ]);
    expect(repairs).toEqual({ invalid: 1, backwards: 1, zeroLength: 1, zeroLengthDropped: 0, reordered: 6, overlapping: 1 });
    expect(describeTrackRepairs(repairs)).toMatch(/1 word\(s\) of cues that end before they start dropped; 1 zero-length/);
    for (let i = 1; i < fixed.words.length; i++) expect(fixed.words[i].start).toBeGreaterThanOrEqual(fixed.words[i - 1].end);
  });

  it('leaves a clean track as it is, and says nothing', () => {
    const clean = track([['a', 0, 0.3], ['b', 0.3, 0.6]]);
    const { track: same, repairs } = repairTrack(clean);
    expect(same.words).toEqual(clean.words);
    expect(describeTrackRepairs(repairs)).toBeNull();
  });

  it('an SRT with backwards, overlapping and zero-length cues comes out in order', () => {
    const srt = [
      '1\n00:00:01,000 --> 00:00:03,000\nGood morning everyone.',
      '2\n00:00:05,000 --> 00:00:04,000\nThis cue runs backwards.',
      '3\n00:00:02,500 --> 00:00:06,000\nWe meet today',
      '4\n00:00:06,000 --> 00:00:06,000\nin Brussels.',
      '5\n00:00:07,000 --> 00:00:09,000\nThank you.',
    ].join('\n\n');
    const fixed = readTimingTrack(srt, 'x.srt');
    const repairs = fixed.repairs!;
    expect(repairs.backwards).toBe(4);
    expect(repairs.zeroLength + repairs.zeroLengthDropped).toBeGreaterThan(0);
    expect(repairs.overlapping).toBeGreaterThan(0);
    for (let i = 1; i < fixed.words.length; i++) expect(fixed.words[i].start).toBeGreaterThanOrEqual(fixed.words[i - 1].end - 1e-9);
    for (const w of fixed.words) expect(w.end).toBeGreaterThan(w.start);
  });

  it('is linear: 50,000 words (a 4-hour track) in a moment', () => {
    const words: Array<[string, number, number]> = Array.from({ length: 50_000 }, (_, i) => ['w', i * 0.3, i * 0.3 + (i % 7 === 0 ? 0 : 0.5)]);
    const started = performance.now();
    repairTrack(track(words));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('trackMismatch', () => {
  const transcript = parseTranscript(
    'Good morning everyone. We meet today to talk about defence spending, about industry, and about our support for Ukraine. ' +
      'Allies agreed to do more, and to do it faster. Thank you.',
    { language: 'en' },
  );
  const timed = (text: string): TimingTrack => ({
    format: 'vtt',
    precision: 'word',
    words: text.split(' ').map((w, i) => ({ text: w, start: i * 0.4, end: i * 0.4 + 0.35 })),
  });

  it('the track of this talk is usable', () => {
    const own = alignTranscriptToTrack(transcript.words, timed('good morning everyone we meet today to talk about defense spending about industry and about our support for ukraine'));
    expect(trackMismatch(own.stats)).toBeNull();
  });

  it('the track of another video is not', () => {
    const other = alignTranscriptToTrack(
      transcript.words,
      timed('the weather tomorrow brings rain across the north with sunny spells later in the south and strong winds along the coast'),
    );
    expect(trackMismatch(other.stats)).toMatch(/transcript words match the timing track .*another video/);
  });
});
