import { describe, expect, it } from 'vitest';
import { alignInBand, distinctnessAt, searchSubsequence, speechBeforePause, type VoicingGuide } from '../../src/align/dtw.js';
import { DIMS, jitter, mulberry32, randomFrame, speechLike, stretch, toFeatures } from './synthetic.js';

/** Full band: every audio column allowed on every row. */
function fullBand(rows: number, columns: number): [Int32Array, Int32Array] {
  return [new Int32Array(rows), new Int32Array(rows).fill(columns - 1)];
}

/** Normalized mix of two frames: a "loose" rendition of `a` when `wa` is small. */
function mix(a: Float32Array, wa: number, b: Float32Array, wb: number): Float32Array {
  const v = a.map((x, d) => wa * x + wb * b[d]);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe('searchSubsequence', () => {
  // A "sentence" of 60 reference frames between unrelated reference material, and 600 frames of
  // unrelated "audio" with a 1.3× slower, slightly noisy rendition of the sentence at frame 300.
  const rand = mulberry32(11);
  const sentence = speechLike(rand, 60);
  const ref = toFeatures([...speechLike(rand, 30), ...sentence, ...speechLike(rand, 30)]);
  const planted = stretch(sentence, 78).map((f) => jitter(rand, f, 0.3));
  const audio = toFeatures([...speechLike(rand, 300), ...planted, ...speechLike(rand, 222)]);

  it('finds a planted, time-stretched copy of the reference stretch', () => {
    const result = searchSubsequence(ref, 30, 90, audio, 0, audio.frames)!;
    expect(result).not.toBeNull();
    expect(Math.abs(result.audioStart - 300)).toBeLessThanOrEqual(2);
    expect(Math.abs(result.audioEnd - 377)).toBeLessThanOrEqual(2);
    // A true match is cheap and a deep, isolated dip in the cost curve.
    expect(result.cost).toBeLessThan(0.2);
    expect(result.distinctness).toBeGreaterThan(8);
    expect(result.curve.length).toBe(audio.frames);
    expect(result.starts[result.audioEnd]).toBe(result.audioStart);
  });

  it('reports positions in absolute audio frames when the window does not start at 0', () => {
    const result = searchSubsequence(ref, 30, 90, audio, 150, 500)!;
    expect(Math.abs(result.audioStart - 300)).toBeLessThanOrEqual(2);
    expect(Math.abs(result.audioEnd - 377)).toBeLessThanOrEqual(2);
    expect(result.curve.length).toBe(350);
  });

  it('finds a copy spoken faster than the reference (within the 2:1 slope limit)', () => {
    const fast = stretch(sentence, 36).map((f) => jitter(rand, f, 0.3));
    const audioFast = toFeatures([...speechLike(rand, 200), ...fast, ...speechLike(rand, 200)]);
    const result = searchSubsequence(ref, 30, 90, audioFast, 0, audioFast.frames)!;
    expect(Math.abs(result.audioStart - 200)).toBeLessThanOrEqual(2);
    expect(Math.abs(result.audioEnd - 235)).toBeLessThanOrEqual(2);
  });

  it('finds nothing distinctive for a stretch that is not in the audio', () => {
    const absent = searchSubsequence(ref, 0, 30, audio, 0, audio.frames)!;
    const present = searchSubsequence(ref, 30, 90, audio, 0, audio.frames)!;
    expect(absent.cost).toBeGreaterThan(0.3);
    expect(absent.distinctness).toBeLessThan(4);
    expect(absent.cost).toBeGreaterThan(present.cost + 0.2);
  });

  it('returns null for a one-frame reference or a window too short to hold the match', () => {
    expect(searchSubsequence(ref, 30, 31, audio, 0, audio.frames)).toBeNull();
    // 10 reference frames need at least ceil(10 / 2) + 1 = 6 audio frames.
    expect(searchSubsequence(ref, 30, 40, audio, 300, 305)).toBeNull();
    expect(searchSubsequence(ref, 30, 40, audio, 300, 306)).not.toBeNull();
  });
});

describe('speechBeforePause', () => {
  it('counts the speech frames after each frame up to the next pause long enough', () => {
    // Frames:        0  1  2  3  4  5  6  7  8  9 10 11
    const speech = Uint8Array.from([1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]);
    // A 1-frame gap (frame 2) is not a pause of 3; frames 5-7 are (ending inside them counts as at
    // the pause). Past the end counts as a pause.
    expect(Array.from(speechBeforePause(speech, 0, 11, 3))).toEqual([3, 2, 2, 1, 0, 0, 0, 3, 2, 1, 1, 0]);
    // Only the frames up to `hi` are looked at; `lo` offsets the output.
    expect(Array.from(speechBeforePause(speech, 8, 9, 3))).toEqual([1, 0]);
  });
});

describe('distinctnessAt', () => {
  it('is the robust z-score of the best point against points beyond the exclusion zone', () => {
    // Exclusion max(4, n = 4) = 4 columns either side of the best point (10): the low values at
    // 6..14 are part of the match and must not count. The 11 others have median 1.0 and median
    // absolute deviation 0.1, so z = (1.0 − 0) / (0.1 × 1.4826).
    const others = [1.0, 1.1, 0.9, 1.2, 0.8, 1.0, 1.3, 0.7, 1.0, 1.1, 0.9];
    const curve = new Float32Array(20).fill(0.05);
    curve[10] = 0;
    [0, 1, 2, 3, 4, 5, 15, 16, 17, 18, 19].forEach((j, k) => (curve[j] = others[k]));
    expect(distinctnessAt(curve, 10, 4)).toBeCloseTo(1 / (0.1 * 1.4826), 2);
  });

  it('is NaN when fewer than 8 points lie outside the match (too little audio to judge)', () => {
    const curve = new Float32Array(20).fill(1);
    curve[10] = 0;
    // Exclusion max(4, 8) = 8: only columns 0, 1 and 19 are far enough away.
    expect(distinctnessAt(curve, 10, 8)).toBeNaN();
  });
});

describe('alignInBand', () => {
  it('recovers a known piecewise-linear warp to within 2 frames on every row', () => {
    const rand = mulberry32(21);
    const audioFrames = speechLike(rand, 300);
    // Reference row i is a noisy copy of audio frame warp(i): from audio frame 30 on, first at
    // the recording's pace, then twice as fast (the speaker slower), then half as fast.
    const warp = (i: number): number => (i < 80 ? 30 + i : i < 140 ? 110 + 2 * (i - 80) : 230 + 0.5 * (i - 140));
    const rows = 200;
    const ref = toFeatures(Array.from({ length: rows }, (_, i) => jitter(rand, audioFrames[Math.round(warp(i))], 0.2)));
    const audio = toFeatures(audioFrames);
    const [lo, hi] = fullBand(rows, audio.frames);
    const path = alignInBand(ref, 0, rows, audio, lo, hi);
    expect(path.refStart).toBe(0);
    let worst = 0;
    for (let i = 0; i < rows; i++) worst = Math.max(worst, Math.abs(path.audioFirst[i] - Math.round(warp(i))));
    expect(worst).toBeLessThanOrEqual(2);
    // The path is monotonic, and each row's span is well formed.
    for (let i = 0; i < rows; i++) {
      expect(path.audioLast[i]).toBeGreaterThanOrEqual(path.audioFirst[i]);
      if (i > 0) expect(path.audioFirst[i]).toBeGreaterThanOrEqual(path.audioLast[i - 1]);
    }
    // Matching cells are cheap (noise only): far below unrelated frames' ~1.
    const meanCost = path.localCost.reduce((s, c) => s + c, 0) / rows;
    expect(meanCost).toBeLessThan(0.2);
  });

  it('stays on the warp inside a narrow band that starts partway into the reference', () => {
    const rand = mulberry32(22);
    const audioFrames = speechLike(rand, 260);
    const warp = (i: number): number => 20 + 1.5 * i;
    const rows = 150;
    // Ten unrelated rows before the aligned stretch: refStart must offset the row numbers.
    const ref = toFeatures([...speechLike(rand, 10), ...Array.from({ length: rows }, (_, i) => jitter(rand, audioFrames[Math.round(warp(i))], 0.2))]);
    const audio = toFeatures(audioFrames);
    const lo = Int32Array.from({ length: rows }, (_, i) => Math.max(0, Math.floor(warp(i)) - 15));
    const hi = Int32Array.from({ length: rows }, (_, i) => Math.min(audio.frames - 1, Math.ceil(warp(i)) + 15));
    const path = alignInBand(ref, 10, 10 + rows, audio, lo, hi);
    expect(path.refStart).toBe(10);
    expect(path.audioFirst.length).toBe(rows);
    for (let i = 0; i < rows; i++) expect(Math.abs(path.audioFirst[i] - Math.round(warp(i))), `row ${i}`).toBeLessThanOrEqual(2);
  });

  it('does not squeeze several reference rows onto one loud frame that matches them all', () => {
    // A loud recorded frame (large feature values) has a dot product above 1 with each of the six
    // rows it resembles, so 1 − dot is negative there. Were that a reward, the path would stack
    // all six rows on it and let the frames after it wait on one row; the rows belong 1:1 on their
    // own frames.
    const rand = mulberry32(91);
    const rows = speechLike(rand, 40);
    const audioFrames = rows.map((f) => jitter(rand, f, 0.2));
    const loud = new Float32Array(DIMS);
    for (let r = 20; r < 26; r++) for (let d = 0; d < DIMS; d++) loud[d] += (8 / 6) * rows[r][d];
    audioFrames[20] = loud;
    const [lo, hi] = fullBand(40, 40);
    const path = alignInBand(toFeatures(rows), 0, 40, toFeatures(audioFrames), lo, hi);
    for (let i = 21; i < 26; i++) expect(Math.abs(path.audioFirst[i] - i), `row ${i}`).toBeLessThanOrEqual(1);
  });

  describe('with a voicing guide', () => {
    const guide = (ref: Uint8Array, audio: Uint8Array, skipSpeech: number): VoicingGuide => ({
      ref,
      audio,
      speechOnSilence: 0.3,
      silenceOnSpeech: 0.1,
      textless: 0.6,
      pauseInsert: 0.2,
      skipSpeech,
    });

    it('waits through a pause the reference lacks, rather than moving the reference pause onto speech', () => {
      // Reference: A, a 10-frame pause, B C run together. Recording: A, 60 frames of pause, B,
      // 60 more frames of pause, C (a speaker stopping mid-sentence, like JFK's "ask not | what").
      const rand = mulberry32(47);
      const a = speechLike(rand, 40);
      const b = speechLike(rand, 30);
      const c = speechLike(rand, 40);
      const quiet = (n: number) => Array.from({ length: n }, () => randomFrame(rand, DIMS, 0.3));
      const ref = toFeatures([...a, ...quiet(10), ...b, ...c]);
      const audio = toFeatures([
        ...a.map((f) => jitter(rand, f, 0.3)),
        ...quiet(60),
        ...b.map((f) => jitter(rand, f, 0.3)),
        ...quiet(60),
        ...c.map((f) => jitter(rand, f, 0.3)),
      ]);
      const refVoiced = Uint8Array.from({ length: 120 }, (_, i) => (i < 40 || i >= 50 ? 1 : 0));
      const audioVoiced = Uint8Array.from({ length: 230 }, (_, j) => (j < 40 || (j >= 100 && j < 130) || j >= 190 ? 1 : 0));
      const [lo, hi] = fullBand(120, 230);
      const path = alignInBand(ref, 0, 120, audio, lo, hi, guide(refVoiced, audioVoiced, 0.3));
      // B's rows on B's audio, C's rows on C's audio.
      for (let i = 50; i < 80; i += 5) expect(Math.abs(path.audioFirst[i] - (i + 50)), `row ${i}`).toBeLessThanOrEqual(2);
      for (let i = 80; i < 120; i += 5) expect(Math.abs(path.audioFirst[i] - (i + 110)), `row ${i}`).toBeLessThanOrEqual(2);
    });

    it('waits out a pause between two words at the end of the first, so the second starts after it', () => {
      // Reference: words A and B run together. Recording: A, a 30 ms tail that sounds like B's
      // onset (a nasal running into the next word's nasal), a 40-frame pause, then B. With one
      // price for waiting anywhere, B's first row takes the tail and waits through the pause, so
      // B "starts" before the pause; with waiting cheaper at A's end, B starts at its onset.
      const rand = mulberry32(53);
      const a = speechLike(rand, 40);
      const b = speechLike(rand, 30);
      const quiet = (n: number) => Array.from({ length: n }, () => randomFrame(rand, DIMS, 0.3));
      const ref = toFeatures([...a, ...b]);
      const tail = b.slice(0, 3).map((f) => jitter(rand, f, 0.5));
      const audio = toFeatures([...a.map((f) => jitter(rand, f, 0.3)), ...tail, ...quiet(40), ...b.map((f) => jitter(rand, f, 0.3))]);
      const refVoiced = new Uint8Array(70).fill(1);
      const audioVoiced = Uint8Array.from({ length: 113 }, (_, j) => (j < 43 || j >= 83 ? 1 : 0));
      const wordEnds = Uint8Array.from({ length: 70 }, (_, i) => (i === 38 || i === 39 ? 1 : 0));
      const [lo, hi] = fullBand(70, 113);
      const plain = guide(refVoiced, audioVoiced, 0.3);
      expect(alignInBand(ref, 0, 70, audio, lo, hi, plain).audioFirst[40]).toBeLessThan(43);
      const withEnds = alignInBand(ref, 0, 70, audio, lo, hi, { ...plain, wordEnds, pauseInsertAtWordEnd: 0.1 });
      expect(Math.abs(withEnds.audioFirst[40] - 83)).toBeLessThanOrEqual(1);
    });

    it('lays a long stretch of speech with no text on a reference pause as one textless run', () => {
      // Reference: a short phrase A, a sentence pause, then B. Recording: A, then a 1.5 s sentence
      // missing from the transcript (X), then B. (That a run priced once beats skipping speech at
      // the start is shown on real audio: tests/pipeline/audio.test.ts, kal-pauses.) Here: the run
      // is taken, and the walk back through it gives well-formed spans.
      const rand = mulberry32(61);
      const a = speechLike(rand, 20);
      const b = speechLike(rand, 40);
      const x = speechLike(rand, 150);
      const quiet = (n: number) => Array.from({ length: n }, () => randomFrame(rand, DIMS, 0.3));
      const ref = toFeatures([...a, ...quiet(10), ...b]);
      const audio = toFeatures([...quiet(20), ...a.map((f) => jitter(rand, f, 0.3)), ...quiet(10), ...x, ...quiet(10), ...b.map((f) => jitter(rand, f, 0.3))]);
      const refVoiced = Uint8Array.from({ length: 70 }, (_, i) => (i < 20 || i >= 30 ? 1 : 0));
      const audioVoiced = Uint8Array.from({ length: 250 }, (_, j) => ((j >= 20 && j < 40) || (j >= 50 && j < 200) || j >= 210 ? 1 : 0));
      const [lo, hi] = fullBand(70, 250);
      const path = alignInBand(ref, 0, 70, audio, lo, hi, { ...guide(refVoiced, audioVoiced, 0.3), textlessOpen: 8, textlessExtend: 0.15 });
      expect(Math.abs(path.audioFirst[0] - 20)).toBeLessThanOrEqual(2);
      // The pause rows hold all of X...
      expect(path.audioFirst[20]).toBeLessThanOrEqual(50);
      expect(path.audioLast[29]).toBeGreaterThanOrEqual(199);
      // ...and B's rows are on B.
      for (let i = 30; i < 70; i += 5) expect(Math.abs(path.audioFirst[i] - (i + 180)), `row ${i}`).toBeLessThanOrEqual(2);
      for (let i = 1; i < 70; i++) expect(path.audioFirst[i]).toBeGreaterThanOrEqual(path.audioLast[i - 1]);
      // One pause row carries X (the run waits on a single row).
      let carrier = 20;
      for (let i = 20; i < 30; i++) if (path.audioLast[i] - path.audioFirst[i] > path.audioLast[carrier] - path.audioFirst[carrier]) carrier = i;
      expect(path.audioLast[carrier] - path.audioFirst[carrier]).toBeGreaterThan(100);
    });

    it("lays the speaker's longer pause on the reference pause, not on the words around it", () => {
      const rand = mulberry32(31);
      const a = speechLike(rand, 40);
      const b = speechLike(rand, 40);
      // Quiet frames: small vectors, different on each side (digital silence vs room tone).
      const quiet = (n: number) => Array.from({ length: n }, () => randomFrame(rand, DIMS, 0.3));
      // Reference: A, a 10-frame pause, B. Recording: A, a 60-frame pause, B.
      const ref = toFeatures([...a, ...quiet(10), ...b]);
      const audio = toFeatures([...a.map((f) => jitter(rand, f, 0.3)), ...quiet(60), ...b.map((f) => jitter(rand, f, 0.3))]);
      const refVoiced = Uint8Array.from({ length: 90 }, (_, i) => (i < 40 || i >= 50 ? 1 : 0));
      const audioVoiced = Uint8Array.from({ length: 140 }, (_, j) => (j < 40 || j >= 100 ? 1 : 0));
      const [lo, hi] = fullBand(90, 140);
      const path = alignInBand(ref, 0, 90, audio, lo, hi, guide(refVoiced, audioVoiced, 0.3));
      // The pause rows take the whole recorded pause...
      expect(Math.abs(path.audioFirst[40] - 40)).toBeLessThanOrEqual(1);
      expect(path.audioLast[49]).toBeGreaterThanOrEqual(98);
      // ...so B's rows start after it, on B's audio.
      expect(Math.abs(path.audioFirst[50] - 100)).toBeLessThanOrEqual(2);
      for (let i = 50; i < 90; i++) expect(Math.abs(path.audioFirst[i] - (i + 50)), `row ${i}`).toBeLessThanOrEqual(2);
      // The guide is what does it: without it, B's rows slide onto the recorded pause.
      expect(alignInBand(ref, 0, 90, audio, lo, hi).audioFirst[50]).toBeLessThan(90);
      // And no reference speech row sits on recorded silence.
      for (let i = 0; i < 90; i++) {
        if (!refVoiced[i]) continue;
        for (let j = path.audioFirst[i]; j <= path.audioLast[i]; j++) expect(audioVoiced[j], `row ${i} on frame ${j}`).toBe(1);
      }
    });

    it('does not let the free start skip the first word when skipping recorded speech costs', () => {
      // A first word that matches its recording only loosely (a real voice vs eSpeak) after 20
      // silent frames, then a second word that matches well. Without a price on skipped speech
      // the open start slides into the first word; with one, it starts at the speech onset.
      const starts = { free: [] as number[], priced: [] as number[] };
      for (let seed = 1; seed <= 10; seed++) {
        const rand = mulberry32(seed);
        const first = speechLike(rand, 15);
        const second = speechLike(rand, 40);
        const ref = toFeatures([...first, ...second]);
        const silence = Array.from({ length: 20 }, () => randomFrame(rand, DIMS, 0.3));
        const loose = first.map((f) => mix(f, 0.3, randomFrame(rand), 1.3));
        const audio = toFeatures([...silence, ...loose, ...second.map((f) => jitter(rand, f, 0.2))]);
        const refVoiced = new Uint8Array(55).fill(1);
        const audioVoiced = Uint8Array.from({ length: 75 }, (_, j) => (j >= 20 ? 1 : 0));
        const [lo, hi] = fullBand(55, 75);
        const free = alignInBand(ref, 0, 55, audio, lo, hi, guide(refVoiced, audioVoiced, 0));
        const priced = alignInBand(ref, 0, 55, audio, lo, hi, guide(refVoiced, audioVoiced, 0.3));
        starts.free.push(free.audioFirst[0]);
        starts.priced.push(priced.audioFirst[0]);
        // The well-matched second word is placed right either way.
        expect(Math.abs(priced.audioFirst[15] - 35)).toBeLessThanOrEqual(1);
      }
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      // Never before the onset (speech on silence costs), never far into the word.
      for (const s of starts.priced) {
        expect(s).toBeGreaterThanOrEqual(20);
        expect(s).toBeLessThanOrEqual(24);
      }
      expect(mean(starts.priced)).toBeLessThan(22);
      // The scenario does tempt the free start: without the price it starts well inside the word.
      expect(mean(starts.free)).toBeGreaterThan(mean(starts.priced) + 3);
    });

    it('does not let the open end stop short of the last word when leaving speech unclaimed costs', () => {
      // The mirror image: a well-matched word, then a last word that matches only loosely, then
      // 20 silent frames. Ending inside the last word lowers the normalized cost, so a free end
      // stops early; priced per speech frame left before the pause, it ends at the speech's end.
      const ends = { free: [] as number[], priced: [] as number[] };
      for (let seed = 1; seed <= 10; seed++) {
        const rand = mulberry32(100 + seed);
        const first = speechLike(rand, 40);
        const last = speechLike(rand, 15);
        const ref = toFeatures([...first, ...last]);
        const silence = Array.from({ length: 20 }, () => randomFrame(rand, DIMS, 0.3));
        const loose = last.map((f) => mix(f, 0.3, randomFrame(rand), 1.3));
        const audio = toFeatures([...first.map((f) => jitter(rand, f, 0.2)), ...loose, ...silence]);
        const refVoiced = new Uint8Array(55).fill(1);
        const audioVoiced = Uint8Array.from({ length: 75 }, (_, j) => (j < 55 ? 1 : 0));
        const [lo, hi] = fullBand(55, 75);
        const free = alignInBand(ref, 0, 55, audio, lo, hi, guide(refVoiced, audioVoiced, 0.3));
        const priced = alignInBand(ref, 0, 55, audio, lo, hi, { ...guide(refVoiced, audioVoiced, 0.3), endPauseFrames: 10 });
        ends.free.push(free.audioLast[54]);
        ends.priced.push(priced.audioLast[54]);
        expect(Math.abs(priced.audioFirst[40] - 40)).toBeLessThanOrEqual(1);
      }
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      // Never past the speech (speech on silence costs), never far inside the last word.
      for (const e of ends.priced) {
        expect(e).toBeLessThanOrEqual(54);
        expect(e).toBeGreaterThanOrEqual(50);
      }
      expect(mean(ends.free)).toBeLessThan(mean(ends.priced) - 3);
    });
  });
});
