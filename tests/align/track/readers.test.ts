import { describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { detectTrackFormat, readTimingTrack } from '../../../src/align/track/index.js';
import { CapsyncError } from '../../../src/util/errors.js';
import { asrTrack, synthTimeline, toJson3, toSrt, toSrv3, toWhisperJson, toYoutubeVtt } from '../../../bench/trackSynth.js';
import { fixture, paragraphsOf, spokenOf } from './helpers.js';

const EXPECTED_FIXTURE_WORDS = (
  'good afternoon and it has been a very busy twenty four hours a lot has happened and it was very good ' +
  'to be able to consult among nato allies and ukraine here at nato here at nato i was glad to ' +
  'welcome the new us secretary of defense pete hexeth to nato for the first time ' +
  "thank you secretary general okay we'll take questions now"
).split(' ');

function noisyTrack(seed = 3) {
  const paras = paragraphsOf(fixture('statement.txt')).slice(0, 6);
  const timeline = synthTimeline(paras, spokenOf, { seed });
  return asrTrack(timeline, { seed: seed + 1 });
}

describe('readTimingTrack: YouTube auto-caption WebVTT', () => {
  const track = readTimingTrack(fixture('youtube-auto.en.vtt'), 'tests/fixtures/tracks/youtube-auto.en.vtt');

  it('reads every word once, in order, without rolled-over lines or sound tags', () => {
    expect(track.format).toBe('youtube-vtt');
    expect(track.precision).toBe('word');
    expect(track.words.map((w) => w.text)).toEqual(EXPECTED_FIXTURE_WORDS);
  });

  it('takes word starts from the inline timestamps and the first word of a line from the cue start', () => {
    const at = (text: string, n = 0) => track.words.filter((w) => w.text === text)[n];
    expect(at('good').start).toBeCloseTo(2.2, 3);
    expect(at('afternoon').start).toBeCloseTo(2.64, 3);
    expect(at('very').start).toBeCloseTo(4.44, 3); // first word of the second line: the cue start
    expect(at('twenty').start).toBeCloseTo(5.1, 3);
    expect(at('okay').start).toBeCloseTo(28.41, 3); // a one-word line has no inline timestamp
    for (let k = 1; k < track.words.length; k++) expect(track.words[k].start).toBeGreaterThanOrEqual(track.words[k - 1].start);
    for (const w of track.words) expect(w.end).toBeGreaterThanOrEqual(w.start);
  });

  it('ends a word at the next word, but not across a pause', () => {
    const time = track.words.find((w) => w.text === 'time')!;
    expect(time.end).toBeLessThan(24); // the line's cue runs to 25.99 but the speaker paused
    expect(track.words.find((w) => w.text === 'busy')!.end).toBeCloseTo(5.1, 3);
  });

  it('flags the ">>" speaker change on the next word', () => {
    expect(track.words.find((w) => w.text === 'thank')!.speakerChange).toBe(true);
    expect(track.words.filter((w) => w.speakerChange).length).toBe(1);
  });
});

describe('readTimingTrack: every format round-trips a known track', () => {
  const truth = noisyTrack();

  it('writes valid WebVTT for the YouTube layout', () => {
    const vtt = toYoutubeVtt(truth);
    // YouTube's "Kind:"/"Language:" header lines are not in the current WebVTT grammar: the W3C
    // parser flags exactly those and nothing else.
    const parsed = new WebVTTParser().parse(vtt, 'subtitles');
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 3]);
    const bare = new WebVTTParser().parse(vtt.replace(/^WEBVTT\nKind: captions\nLanguage: en\n/, 'WEBVTT\n'), 'subtitles');
    expect(bare.errors).toEqual([]);
    expect(bare.cues.length).toBeGreaterThan(10);
    expect(readTimingTrack(vtt).words.length).toBe(truth.length);
  });

  for (const [name, write, format] of [
    ['youtube vtt', toYoutubeVtt, 'youtube-vtt'],
    ['srv3', toSrv3, 'srv3'],
    ['json3', toJson3, 'json3'],
    ['whisper json', toWhisperJson, 'whisper-json'],
  ] as const) {
    it(`${name}: same words, starts within 1 ms`, () => {
      const content = write(truth);
      expect(detectTrackFormat(content)).toBe(format);
      const track = readTimingTrack(content, `x.${name}`);
      expect(track.format).toBe(format);
      expect(track.precision).toBe('word');
      expect(track.words.map((w) => w.text)).toEqual(truth.map((w) => w.text));
      track.words.forEach((w, k) => expect(Math.abs(w.start - truth[k].start)).toBeLessThanOrEqual(0.0011));
    });
  }

  it('srt: cue-level precision, words spread inside each cue, cue starts exact', () => {
    const track = readTimingTrack(toSrt(truth, 8), 'x.srt');
    expect(track.format).toBe('srt');
    expect(track.precision).toBe('cue');
    expect(track.words.map((w) => w.text)).toEqual(truth.map((w) => w.text));
    for (let k = 0; k < truth.length; k += 8) expect(track.words[k].start).toBeCloseTo(truth[k].start, 3);
    // Inside a cue the spread is by length, so starts are near but not exact.
    const errs = track.words.map((w, k) => Math.abs(w.start - truth[k].start));
    expect(Math.max(...errs)).toBeLessThan(2.5);
    expect(track.words.every((w) => w.cue !== undefined)).toBe(true);
  });

  it('srt with rolling lines: each word once', () => {
    const track = readTimingTrack(toSrt(truth, 6, true), 'rolling.srt');
    expect(track.words.map((w) => w.text)).toEqual(truth.map((w) => w.text));
  });

  it('plain WebVTT with rolled-over lines and 10 ms transition cues (inline stamps stripped)', () => {
    const stripped = toYoutubeVtt(truth).replace(/<\d{2}:\d{2}:\d{2}\.\d{3}>|<\/?c>/g, '');
    const track = readTimingTrack(stripped, 'stripped.vtt');
    expect(track.format).toBe('vtt');
    expect(track.precision).toBe('cue');
    expect(track.words.map((w) => w.text)).toEqual(truth.map((w) => w.text));
  });
});

describe('readTimingTrack: JSON word lists', () => {
  it('reads capsync words.json and skips unplaced words', () => {
    const content = JSON.stringify({
      words: [
        { index: 0, text: 'Good', start: 1, end: 1.3, confidence: 1, source: 'audio' },
        { index: 1, text: 'afternoon,', start: 1.3, end: 1.9, confidence: 1, source: 'audio' },
        { index: 2, text: '–', start: null, end: null, confidence: 0, source: null },
        { index: 3, text: 'everyone.', start: 2.0, end: 2.6, confidence: 1, source: 'audio' },
      ],
    });
    const track = readTimingTrack(content, 'words.json');
    expect(track.format).toBe('words-json');
    expect(track.words.map((w) => [w.text, w.start])).toEqual([['Good', 1], ['afternoon,', 1.3], ['everyone.', 2]]);
  });

  it('fills whisper words the aligner left untimed from their neighbours', () => {
    const content = JSON.stringify({
      segments: [{ start: 0, end: 3, text: ' it cost 700 dollars', words: [
        { word: ' it', start: 0.1, end: 0.3 }, { word: ' cost', start: 0.3, end: 0.7 },
        { word: ' 700' }, { word: ' dollars', start: 1.6, end: 2.1 },
      ] }],
    });
    const track = readTimingTrack(content, 'whisperx.json');
    expect(track.words.map((w) => w.text)).toEqual(['it', 'cost', '700', 'dollars']);
    expect(track.words[2].start).toBeCloseTo(0.7, 3);
    expect(track.words[2].end).toBeCloseTo(1.6, 3);
  });

  it('segments without words are cue-level evidence', () => {
    const content = JSON.stringify({ segments: [{ start: 0, end: 2, text: 'hello there' }, { start: 2, end: 4, text: 'general kenobi' }] });
    const track = readTimingTrack(content);
    expect(track.precision).toBe('cue');
    expect(track.words.map((w) => w.cue)).toEqual([0, 0, 1, 1]);
    expect(track.words[2].start).toBe(2);
  });
});

describe('readTimingTrack: errors the user can act on', () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CapsyncError);
      return (e as CapsyncError).code + ' ' + (e as CapsyncError).message;
    }
    return undefined;
  };

  it('rejects text that is no track, naming the file', () => {
    expect(code(() => readTimingTrack('Good afternoon everyone, welcome.', 'notes.txt'))).toMatch(/^TRACK_UNREADABLE notes\.txt: .*Supported/);
    expect(code(() => readTimingTrack('{"title": "x"}', 'meta.json'))).toMatch(/^TRACK_UNREADABLE meta\.json: .*JSON/);
    expect(code(() => readTimingTrack('{"events": [', 'broken.json3'))).toMatch(/^TRACK_UNREADABLE/);
    expect(code(() => readTimingTrack('', 'empty.vtt'))).toMatch(/^TRACK_UNREADABLE empty\.vtt: .*empty/);
    expect(code(() => readTimingTrack('<html><body>hi</body></html>', 'page.html'))).toMatch(/^TRACK_UNREADABLE/);
  });

  it('rejects tracks without timed words', () => {
    expect(code(() => readTimingTrack('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n[Music]\n', 'music.vtt'))).toMatch(/^TRACK_EMPTY music\.vtt/);
    expect(code(() => readTimingTrack('{"events": []}', 'x.json3'))).toMatch(/^TRACK_EMPTY/);
    expect(code(() => readTimingTrack('<timedtext format="3"><body></body></timedtext>', 'x.srv3'))).toMatch(/^TRACK_(EMPTY|UNREADABLE)/);
  });
});
