import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignTranscriptToTrack, anchorsFromTrack, readTimingTrack, verbalizeTrackWord } from '../../../src/align/track/index.js';
import type { TrackWord } from '../../../src/align/track/index.js';
import type { TranscriptWord } from '../../../src/types.js';
import { asrTrack, randomParagraphs, startErrors, synthTimeline, toYoutubeVtt } from '../../../bench/trackSynth.js';
import { fixture, spokenOf, transcriptOf } from './helpers.js';
import { runScenario } from './scenarios.js';

/** A track from (text, start, end) triples. */
function trackOf(...items: Array<[string, number, number]>): TrackWord[] {
  return items.map(([text, start, end]) => ({ text, start, end }));
}

/** Track words at a steady pace (0.3 s per word, no pauses) from a sentence. */
function pacedTrack(text: string, from = 0, step = 0.3): TrackWord[] {
  return text.split(' ').map((t, k) => ({ text: t, start: from + k * step, end: from + (k + 1) * step }));
}

describe('alignTranscriptToTrack: the YouTube auto-caption sample', () => {
  const track = readTimingTrack(fixture('youtube-auto.en.vtt'), 'youtube-auto.en.vtt');
  const words = transcriptOf(fixture('youtube-auto.transcript.txt'));
  const result = alignTranscriptToTrack(words, track);
  const timedOf = (text: string, n = 0) => result.timed.filter((t) => t.text === text)[n];

  it('times every transcript word from the track', () => {
    expect(result.timed).toHaveLength(words.length);
    expect(result.timed.every((t) => t.source === 'track')).toBe(true);
    expect(result.stats.matchedWords).toBe(words.length);
    expect(result.stats.unplacedWords).toBe(0);
  });

  it('joins numbers, acronyms and spelling variants to their spoken track words', () => {
    // "24" ↔ "twenty four": start of "twenty", end of "four".
    expect(timedOf('24').start).toBeCloseTo(5.1, 3);
    expect(timedOf('24').end).toBeCloseTo(5.7, 3);
    expect(timedOf('US').start).toBeCloseTo(17.85, 3);
    expect(timedOf('NATO', 0).start).toBeCloseTo(10.89, 3);
    expect(timedOf('Defence').start).toBeCloseTo(19.61, 3);
    expect(timedOf('Hegseth').start).toBeCloseTo(20.49, 3);
    expect(timedOf('Hegseth').confidence).toBeLessThan(0.9);
    expect(timedOf('Hegseth').confidence).toBeGreaterThan(0.5);
    expect(timedOf('afternoon,').confidence).toBe(1);
  });

  it('leaves the untranscribed Q&A of the track unmatched', () => {
    const qa = track.words.findIndex((w) => w.text === 'thank');
    expect(result.matches.every((m) => m.trackIndex < qa)).toBe(true);
    expect(result.stats.matchedTrackWords).toBe(qa); // every track word before the Q&A
  });

  it('keeps transcript order and time order together', () => {
    for (let k = 1; k < result.timed.length; k++) expect(result.timed[k].start!).toBeGreaterThanOrEqual(result.timed[k - 1].start!);
    for (let k = 1; k < result.matches.length; k++) expect(result.matches[k].trackIndex).toBeGreaterThanOrEqual(result.matches[k - 1].trackIndex);
  });

  it('anchors only near-exact words in runs of three or more', () => {
    const anchors = anchorsFromTrack(result);
    const byIndex = new Map(anchors.map((a) => [a.wordIndex, a]));
    expect(anchors.length).toBeGreaterThan(45);
    expect(byIndex.has(timedOf('Hegseth').index)).toBe(false);
    expect(byIndex.has(timedOf('Defence').index)).toBe(true);
    for (const a of anchors) {
      expect(a.start).toBe(result.timed[a.wordIndex].start);
      expect(result.detail.wordSimilarity[a.wordIndex]).toBeGreaterThanOrEqual(0.85);
      expect(a.weight).toBeGreaterThan(0.8);
      expect(a.weight).toBeLessThanOrEqual(1);
    }
  });
});

describe('alignTranscriptToTrack: synthetic noisy tracks with known truth', () => {
  it('places ≥ 99% of covered words within ~100 ms despite a 2-minute insertion and a paragraph missing from the track', () => {
    for (const seed of [1, 2]) {
      const s = runScenario({ seed, insertAfterParagraph: 8, dropParagraph: 15 });
      expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
      expect(s.errors.medianMs).toBeLessThan(70);
      expect(s.errors.within100Pct).toBeGreaterThanOrEqual(97);
      expect(s.errors.p99Ms).toBeLessThan(300);
      // Nothing smeared into the untranscribed stretch.
      const inside = s.result.timed.filter((t) => t.start !== null && t.start > s.insertion!.start + 1 && t.start < s.insertion!.end - 1);
      expect(inside).toEqual([]);
      // The paragraph the track lacks is never "matched"; its gap is its length, so it is interpolated.
      expect(s.dropped.filter((i) => s.result.timed[i].source === 'track')).toEqual([]);
      expect(s.dropped.filter((i) => s.result.timed[i].source === 'interpolated').length).toBeGreaterThanOrEqual(0.9 * s.dropped.length);
      const dropErr = startErrors(s.dropped.map((i) => ({ truth: s.timeline.words[i].start, timed: s.result.timed[i].start })));
      expect(dropErr.medianMs).toBeLessThan(1500);
    }
  });

  it('leaves unplaced a transcript paragraph that was never spoken', () => {
    const s = runScenario({ seed: 3, skipParagraph: 15 });
    expect(s.skipped.length).toBeGreaterThan(30);
    expect(s.skipped.filter((i) => s.result.timed[i].start !== null).length).toBeLessThanOrEqual(2);
    expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
  });

  it('does not guess when untranscribed talk sits exactly where transcript text is missing', () => {
    for (const [seed, options] of [[1, { dropParagraph: 15 }], [2, { skipParagraph: 15 }]] as const) {
      const s = runScenario({ seed, insertAfterParagraph: 14, ...options });
      const missing = [...s.dropped, ...s.skipped];
      expect(missing.filter((i) => s.result.timed[i].start !== null)).toEqual([]);
      const inside = s.result.timed.filter((t) => t.start !== null && t.start > s.insertion!.start + 1 && t.start < s.insertion!.end - 1);
      expect(inside).toEqual([]);
      expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
    }
  });

  it('reads numbers the ASR wrote in digits', () => {
    const s = runScenario({ seed: 2, noise: { digitRate: 1, substitutionRate: 0 } });
    const numeric = s.timeline.words.filter((w) => /^\d[\d,]*%?[.,]?$/.test(w.text));
    expect(numeric.length).toBeGreaterThan(5);
    for (const w of numeric) {
      expect(s.result.timed[w.index].source).toBe('track');
      const trackTexts = s.result.detail.wordTrack[w.index].map((k) => s.track[k].text);
      expect(trackTexts.join(' ')).toMatch(/\d/);
    }
    expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
  });

  it('copes with 20% misheard words plus dropped and added words', () => {
    const s = runScenario({ seed: 4, insertAfterParagraph: 8, noise: { substitutionRate: 0.2, deletionRate: 0.03, insertionRate: 0.03 } });
    expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
    expect(s.errors.within100Pct).toBeGreaterThanOrEqual(95);
  });

  it('uses a cue-level SRT as weaker evidence', () => {
    const s = runScenario({ seed: 1, layout: 'srt', insertAfterParagraph: 8 });
    expect(s.result.precision).toBe('cue');
    expect(s.errors.placedPct).toBeGreaterThanOrEqual(99);
    expect(s.errors.medianMs).toBeLessThan(200);
    expect(s.errors.p90Ms).toBeLessThan(1000);
    expect(Math.max(...s.result.timed.map((t) => t.confidence))).toBeLessThanOrEqual(0.7);
    const anchors = anchorsFromTrack(s.result);
    expect(anchors.length).toBeGreaterThan(20);
    // Only cue-initial words, whose start is a real cue boundary, and at reduced weight.
    for (const a of anchors) {
      expect(a.weight).toBeLessThanOrEqual(0.5);
      const k = s.result.detail.wordTrack[a.wordIndex][0];
      expect(k === 0 || s.track[k].cue !== s.track[k - 1].cue).toBe(true);
    }
  });
});

describe('alignTranscriptToTrack: many-to-one words and interpolation rules', () => {
  it('maps one transcript word to several track words and several transcript words to one track word', () => {
    const words = transcriptOf('The U.S. budget grew 2% for counter terrorism work.');
    // The text stage might write "U.S." as "u s"; the ASR wrote "2%" as one token and merged "counterterrorism".
    const track = trackOf(['the', 0, 0.2], ['us', 0.2, 0.6], ['budget', 0.6, 1.0], ['grew', 1.0, 1.3], ['2%', 1.3, 2.0], ['for', 2.0, 2.2], ['counterterrorism', 2.2, 3.2], ['work', 3.2, 3.6]);
    words[1].spoken = 'u s';
    words[4].spoken = 'two percent';
    const r = alignTranscriptToTrack(words, track);
    expect(r.timed.every((t) => t.source === 'track')).toBe(true);
    const counter = r.timed[6];
    const terrorism = r.timed[7];
    expect(counter.start).toBeCloseTo(2.2, 3);
    expect(terrorism.end).toBeCloseTo(3.2, 3);
    // Shared track word: time split by length ("counter" 7 letters, "terrorism" 9).
    expect(terrorism.start!).toBeGreaterThan(2.55);
    expect(terrorism.start!).toBeLessThan(2.75);
    expect(r.detail.sharedTrack[6] && r.detail.sharedTrack[7]).toBe(true);
    expect(r.timed[4].start).toBeCloseTo(1.3, 3);
    expect(r.timed[4].end).toBeCloseTo(2.0, 3);
  });

  it('interpolates a word the ASR dropped between its matched neighbours', () => {
    const words = transcriptOf('We will meet again tomorrow morning in Brussels with all thirty two Allies.');
    const track = pacedTrack('we will meet tomorrow morning in brussels with all thirty two allies');
    const r = alignTranscriptToTrack(words, track);
    const again = r.timed[3];
    expect(again.source).toBe('interpolated');
    expect(again.start!).toBeGreaterThanOrEqual(r.timed[2].start!);
    expect(again.start!).toBeLessThanOrEqual(r.timed[4].start!);
    expect(again.confidence).toBeLessThan(0.5);
    expect(r.timed[4].start).toBeCloseTo(0.9, 3);
  });

  it('leaves words unplaced rather than spread over a long pause inside a sentence', () => {
    const words = transcriptOf('Thank you very much indeed ladies and gentlemen for coming here today.');
    const track = [...pacedTrack('thank you very much'), ...pacedTrack('and gentlemen for coming here today', 20)];
    const r = alignTranscriptToTrack(words, track);
    expect(r.timed[4].text).toBe('indeed');
    expect(r.timed[4].start).toBeNull();
    expect(r.timed[5].start).toBeNull();
    expect(r.timed[4].source).toBeNull();
    expect(r.timed[4].confidence).toBe(0);
    expect(r.timed[6].start).toBeCloseTo(20, 3);
    expect(r.stats.unplacedWords).toBe(2);
  });

  it('puts a long pause at the sentence break when the missing words end a sentence', () => {
    const words = transcriptOf('We discussed the situation in Ukraine today. Next we turn to industry and production.');
    const track = [...pacedTrack('we discussed the situation in'), ...pacedTrack('next we turn to industry and production', 12)];
    const r = alignTranscriptToTrack(words, track);
    // "Ukraine today." follow "in" directly; the pause comes after them.
    expect(r.timed[5].source).toBe('interpolated');
    expect(r.timed[5].start!).toBeCloseTo(1.5, 1);
    expect(r.timed[6].end!).toBeLessThan(3);
  });

  it('does not lay unspoken text over untranscribed talk of the same length', () => {
    const before = 'Good afternoon and welcome to this press conference after the meeting of defence ministers here in Brussels today.';
    const unspoken = 'I also want to thank Minister Umerov and Kaja Kallas for joining us and for their strong commitment to our shared security in these difficult times.';
    const after = 'Now let me turn to the situation on the ground and the support that Allies continue to provide every single day.';
    const qa = 'next question please from the gentleman there yes thank you my question is on umerov kallas meeting did they discuss the air defence systems that were promised last month';
    const words = transcriptOf([before, unspoken, after].join('\n'));
    const track = pacedTrack(`${before} ${qa} ${after}`.toLowerCase().replace(/[^a-z' ]/g, ''));
    const r = alignTranscriptToTrack(words, track);
    const missing = words.filter((w) => w.paragraph === 1);
    expect(missing.filter((w) => r.timed[w.index].start !== null)).toEqual([]);
    expect(words.filter((w) => w.paragraph !== 1).every((w) => r.timed[w.index].source === 'track')).toBe(true);
  });

  it('interpolates a garbled stretch when the track heard mostly the same words', () => {
    const words = transcriptOf('We all agree that we need to put Ukraine in the best possible position for negotiations.');
    const track = pacedTrack('we all agree that that need it on ukrain in the and position for negotiations');
    const r = alignTranscriptToTrack(words, track);
    expect(r.stats.unplacedWords).toBe(0);
    expect(r.timed[13].text).toBe("position");
    expect(r.timed[13].start).toBeCloseTo(12 * 0.3, 3); // matched exactly (13th track word)
  });

  it('does not place transcript words on unrelated track text', () => {
    const words = transcriptOf('Allies agreed to boost defence production and spending this year.');
    const track = pacedTrack('the weather in brussels was cold and windy all week long');
    const r = alignTranscriptToTrack(words, track);
    expect(r.stats.matchedWords).toBe(0);
    expect(anchorsFromTrack(r)).toEqual([]);
  });

  it('handles an empty track or an empty transcript', () => {
    const words = transcriptOf('Good afternoon everyone.');
    const none = alignTranscriptToTrack(words, []);
    expect(none.timed.map((t) => t.start)).toEqual([null, null, null]);
    expect(none.stats.unplacedWords).toBe(3);
    const empty = alignTranscriptToTrack([], pacedTrack('good afternoon everyone'));
    expect(empty.timed).toEqual([]);
    expect(empty.matches).toEqual([]);
  });

  it('keeps invariants on random transcripts and noisy tracks', () => {
    const vocab = 'allies defence spending ukraine industry production support peace summit the and we to of in a must more'.split(' ');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocab), { minLength: 5, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 60, maxLength: 60 }),
        (tokens, noise) => {
          const words: TranscriptWord[] = tokens.map((t, index) => ({ index, text: t, spoken: t, paragraph: 0, sentence: Math.floor(index / 8), turn: 0, charStart: 0, charEnd: 0 }));
          const track: TrackWord[] = [];
          let t = 0;
          tokens.forEach((tok, k) => {
            const n = noise[k];
            if (n === 0) return; // dropped by the ASR
            track.push({ text: n === 1 ? vocab[(vocab.indexOf(tok) + 3) % vocab.length] : tok, start: t, end: t + 0.25 });
            t += n === 9 ? 4 : 0.3;
          });
          const r = alignTranscriptToTrack(words, track);
          let last = -Infinity;
          for (const w of r.timed) {
            expect(w.start === null).toBe(w.source === null);
            expect(w.confidence).toBeGreaterThanOrEqual(0);
            expect(w.confidence).toBeLessThanOrEqual(1);
            if (w.start === null) continue;
            expect(w.start).toBeGreaterThanOrEqual(last);
            expect(w.end!).toBeGreaterThanOrEqual(w.start);
            last = w.start;
          }
          for (let k = 1; k < r.matches.length; k++) {
            expect(r.matches[k].wordIndex).toBeGreaterThanOrEqual(r.matches[k - 1].wordIndex);
            expect(r.matches[k].trackIndex).toBeGreaterThanOrEqual(r.matches[k - 1].trackIndex);
          }
          for (const a of anchorsFromTrack(r)) expect(r.timed[a.wordIndex].source).toBe('track');
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('alignTranscriptToTrack: hour-long inputs', () => {
  it('splits blocks further with weaker anchors when the cell budget is small', () => {
    const s = runScenario({ seed: 2, insertAfterParagraph: 8, noise: { substitutionRate: 0.2 } });
    const tight = alignTranscriptToTrack(s.timeline.words, s.track, { maxBlockCells: 300 });
    expect(tight.stats.largestBlockCells).toBeLessThanOrEqual(300);
    const errors = startErrors(s.covered.map((i) => ({ truth: s.timeline.words[i].start, timed: tight.timed[i].start })));
    expect(errors.placedPct).toBeGreaterThanOrEqual(99);
    expect(errors.within100Pct).toBeGreaterThanOrEqual(97);
  });

  it('aligns ~10k words on each side in bounded memory and seconds', () => {
    const paras = randomParagraphs(10_000, 11);
    const spoken = (t: string) => verbalizeTrackWord(t).join(' ');
    const base = synthTimeline(paras, spoken, { seed: 5 });
    const n = base.words.length;
    const qa = fixture('qa-untranscribed.txt');
    const timeline = synthTimeline(paras, spoken, { seed: 5, insertions: [{ afterWord: Math.floor(n * 0.3), seconds: 120, text: qa }, { afterWord: Math.floor(n * 0.7), seconds: 600, text: qa }] });
    const dropPara = timeline.words[Math.floor(n / 2)].paragraph;
    const drop = timeline.words.filter((w) => w.paragraph === dropPara);
    const track = readTimingTrack(toYoutubeVtt(asrTrack(timeline, { seed: 9, dropWords: [{ from: drop[0].index, to: drop[drop.length - 1].index }] })));
    expect(track.words.length).toBeGreaterThan(10_000);
    const t0 = performance.now();
    const r = alignTranscriptToTrack(timeline.words, track);
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(30);
    // Memory: the DP never holds more than one block, and the blocks are small.
    expect(r.stats.largestBlockCells).toBeLessThanOrEqual(4_000_000);
    expect(r.stats.dpCells).toBeLessThan(50 * (n + track.words.length));
    expect(r.stats.unalignedBlocks).toBe(0);
    const covered = timeline.words.filter((w) => w.spoken && w.paragraph !== dropPara);
    const errors = startErrors(covered.map((w) => ({ truth: w.start, timed: r.timed[w.index].start })));
    expect(errors.placedPct).toBeGreaterThanOrEqual(99);
    expect(errors.within100Pct).toBeGreaterThanOrEqual(97);
  });
});
