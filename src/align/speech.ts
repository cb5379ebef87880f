/** Where the recording has sound worth captioning, from frame energy (10 ms frames). */
export interface SpeechMask {
  /** 1 where the frame is above the silence threshold (and, given periodicity, near voicing). */
  speech: Uint8Array;
  /** Frames with sound that is not speech-like (applause, noise bursts): 1 there. */
  noise: Uint8Array;
  thresholdDb: number;
  hop: number;
}

/** The value at quantile `p` (0–1) of `values`. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
}

/**
 * Silence threshold between the recording's noise floor and its speech level, so it adapts to
 * room noise: a quarter of the way up from the floor, and at least 6 dB above it.
 */
export function speechMask(energyDb: Float32Array, hop = 0.01, periodicity?: Float32Array): SpeechMask {
  if (energyDb.length === 0) return { speech: new Uint8Array(0), noise: new Uint8Array(0), thresholdDb: 0, hop };
  const floor = percentile(energyDb, 0.05);
  const loud = percentile(energyDb, 0.95);
  const thresholdDb = floor + Math.max(6, 0.25 * (loud - floor));
  const speech = new Uint8Array(energyDb.length);
  for (let f = 0; f < energyDb.length; f++) speech[f] = energyDb[f] > thresholdDb ? 1 : 0;
  // Close 50 ms holes (stop closures) so words are not split inside.
  for (let f = 1; f < speech.length - 5; f++) {
    if (speech[f - 1] && !speech[f]) {
      let g = f;
      while (g < speech.length && g < f + 5 && !speech[g]) g++;
      if (g < speech.length && speech[g] && g - f < 5) speech.fill(1, f, g);
    }
  }
  const noise = periodicity ? unvoicedSound(speech, periodicity) : new Uint8Array(speech.length);
  for (let f = 0; f < speech.length; f++) if (noise[f]) speech[f] = 0;
  return { speech, noise, thresholdDb, hop };
}

/** Periodicity above which a frame counts as voiced. */
const VOICED = 0.5;
/** Half-width of the window judged for voicing, in frames. */
const VOICING_REACH = 30;
/** Share of voiced frames among the sound frames of a window below which the sound is not speech. */
const MIN_VOICED_SHARE = 0.1;

/**
 * Sound frames with (almost) no voicing within ±300 ms: applause, noise bursts, rustle. Speech has
 * a voiced nucleus every syllable, so even a run of fricatives sits next to voiced frames.
 */
function unvoicedSound(speech: Uint8Array, periodicity: Float32Array): Uint8Array {
  const { sum: voiced, count: sound } = aroundSound(speech, (f) => (periodicity[f] >= VOICED ? 1 : 0), VOICING_REACH);
  const noise = new Uint8Array(speech.length);
  for (let f = 0; f < speech.length; f++) if (speech[f] && voiced[f] < MIN_VOICED_SHARE * sound[f]) noise[f] = 1;
  return noise;
}

/**
 * For each sound frame of `sound`, the sum of `value` over the sound frames within `reach` frames
 * either side, and how many there are (0 for frames that are not sound).
 */
export function aroundSound(sound: Uint8Array, value: (frame: number) => number, reach: number): { sum: Float64Array; count: Int32Array } {
  const n = sound.length;
  const valuePrefix = new Float64Array(n + 1);
  const soundPrefix = new Int32Array(n + 1);
  for (let f = 0; f < n; f++) {
    valuePrefix[f + 1] = valuePrefix[f] + (sound[f] ? value(f) : 0);
    soundPrefix[f + 1] = soundPrefix[f] + (sound[f] ? 1 : 0);
  }
  const sum = new Float64Array(n);
  const count = new Int32Array(n);
  for (let f = 0; f < n; f++) {
    if (!sound[f]) continue;
    const a = Math.max(0, f - reach);
    const b = Math.min(n, f + reach + 1);
    sum[f] = valuePrefix[b] - valuePrefix[a];
    count[f] = soundPrefix[b] - soundPrefix[a];
  }
  return { sum, count };
}

/**
 * Pull a word's edges in from silence: DTW stretches some frame over every pause, so a word often
 * comes out with a pause glued to one side. At most 85% of the word is trimmed; a word with no
 * sound at all is left as the path placed it.
 */
export function trimToSpeech(start: number, end: number, mask: SpeechMask): [number, number] {
  const { speech, hop } = mask;
  let a = Math.max(0, Math.round(start / hop));
  let b = Math.min(speech.length, Math.round(end / hop));
  if (b <= a) return [start, end];
  let any = false;
  for (let f = a; f < b; f++) if (speech[f]) any = true;
  if (!any) return [start, end];
  const maxTrim = Math.floor((b - a) * 0.85);
  let trimmed = 0;
  while (a < b - 1 && !speech[a] && trimmed < maxTrim) {
    a++;
    trimmed++;
  }
  while (b > a + 1 && !speech[b - 1] && trimmed < maxTrim) {
    b--;
    trimmed++;
  }
  return [a * hop, b * hop];
}

/** Silences at least this long (10 ms frames) are pauses between words, not closures inside one. */
const MIN_PAUSE_FRAMES = 12;
/** A word edge may reach this far across a pause (frames) and still be moved to the pause's far side. */
const MAX_STRAY_FRAMES = 10;

/** Runs of silence of at least MIN_PAUSE_FRAMES, as [first, end) frame pairs. */
export function pauseRuns(mask: SpeechMask, minFrames = MIN_PAUSE_FRAMES): Array<[number, number]> {
  return silentRuns(mask.speech, minFrames);
}

/** Runs of 0 in per-frame sound flags, at least `minFrames` long, as [first, end) frame pairs. */
export function silentRuns(speech: Uint8Array, minFrames: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let f = 0;
  while (f < speech.length) {
    if (speech[f]) {
      f++;
      continue;
    }
    let g = f;
    while (g < speech.length && !speech[g]) g++;
    if (g - f >= minFrames) runs.push([f, g]);
    f = g;
  }
  return runs;
}

/**
 * Move word edges that stray across a pause back to its near side. When the reference has no pause
 * where the speaker made one, the warp must lay the pause on some reference frame, and it is a
 * coin toss whether that frame is the end of the word before or the start of the word after: a
 * word then starts with a sliver of its neighbour's sound plus the whole pause (or ends with them).
 * A word edge that crosses a pause by only a sliver (≤ 100 ms and under a third of the word) is put
 * on the pause's edge, and the neighbour it encroached on gets the pause's other edge. A word that
 * is slivers on both sides of a pause (mostly pause) is put after it: in the six 2–10 minute
 * benchmark recordings, all ten such words were spoken after the pause (the warp lays a pause the
 * reference lacks on the start of the phrase that follows it).
 * `words` must be in time order; unplaced words (null times) are skipped.
 */
export function snapEdgesToPauses(words: Array<{ start: number | null; end: number | null }>, mask: SpeechMask): void {
  const runs = pauseRuns(mask);
  if (runs.length === 0) return;
  const { hop } = mask;
  const placed = words.filter((w): w is { start: number; end: number } => w.start !== null && w.end !== null);
  let r = 0;
  for (let i = 0; i < placed.length; i++) {
    const word = placed[i];
    const a = word.start / hop;
    const b = word.end / hop;
    while (r < runs.length && runs[r][1] <= a) r++;
    // Every pause inside the word's span, first to last.
    for (let q = r; q < runs.length && runs[q][0] < b; q++) {
      const [p0, p1] = runs[q];
      const length = b - a;
      const before = p0 - a;
      const after = b - p1;
      const stray = (part: number): boolean => part <= MAX_STRAY_FRAMES && part < length / 3;
      if (before > 0 && after > 0 && stray(before)) {
        // Starts with a sliver of the previous word's sound, then the pause.
        const prev = placed[i - 1];
        // The sliver is the previous word's: it ends at the pause (if it reached up to this word).
        if (prev && prev.end >= word.start - hop) prev.end = Math.max(prev.start + hop, p0 * hop);
        word.start = p1 * hop;
        break;
      }
      if (before > 0 && after > 0 && stray(after) && !stray(before)) {
        const next = placed[i + 1];
        if (next && next.start <= word.end + hop) next.start = Math.min(next.end - hop, p1 * hop);
        word.end = p0 * hop;
        break;
      }
    }
  }
}

/**
 * First frame of the stretch of speech (no silence of `pauseFrames` or more in it) that runs up to
 * frame `from`, looking back at most `reach` frames; the recording's start counts as a pause. Null
 * when no such pause is found within reach.
 */
export function speechStretchStart(speech: Uint8Array, from: number, pauseFrames: number, reach: number): number | null {
  let f = from - 1;
  const limit = Math.max(0, from - reach);
  while (f >= limit) {
    if (speech[f]) {
      f--;
      continue;
    }
    let g = f;
    while (g >= 0 && !speech[g]) g--;
    if (f - g >= pauseFrames || g < 0) return f + 1;
    f = g;
  }
  return f < 0 ? 0 : null;
}
