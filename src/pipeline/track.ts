/**
 * Combining audio timings with an existing caption track (`--timing-from`). The audio alignment
 * stays the authority: a track word only fills a word the audio left unplaced, and only where
 * it fits between its placed neighbours, so the result keeps transcript order in time.
 */
import type { TimedWord } from '../types.js';
import type { TrackAlignment } from '../align/track/index.js';

/** A track word within this many seconds of the audio onset confirms it (`audio+track`). */
const AGREE_SECONDS = 0.3;
/** Track times may poke this far past a neighbour before the word is refused (then clamped). */
const OVERLAP_TOLERANCE = 0.15;
/** A filled word needs at least this long a slot. */
const MIN_WORD_SECONDS = 0.02;

export interface TrackMergeStats {
  /** Words the audio left unplaced that the track placed. */
  filled: number;
  /** Audio-placed words whose track time agrees (marked `audio+track`). */
  confirmed: number;
  /** Unplaced words the track had a time for that did not fit between their neighbours. */
  refused: number;
}

/**
 * Audio timings, with the gaps filled from the track. Words matched in the track fill gaps
 * (`source: 'track'`); a word the track only interpolated fills a gap only right after a
 * filled word, so a misheard word inside a filled passage does not leave a hole.
 */
export function fillFromTrack(audio: readonly TimedWord[], track: TrackAlignment): { words: TimedWord[]; stats: TrackMergeStats } {
  const n = audio.length;
  const nextAudioStart = new Array<number>(n + 1).fill(Infinity);
  for (let i = n - 1; i >= 0; i--) nextAudioStart[i] = audio[i].start !== null ? audio[i].start! : nextAudioStart[i + 1];
  const stats: TrackMergeStats = { filled: 0, confirmed: 0, refused: 0 };
  const out: TimedWord[] = [];
  let prevEnd = 0;
  let prevFilled = false;
  for (let i = 0; i < n; i++) {
    const a = audio[i];
    const t = track.timed[i];
    if (a.start !== null && a.end !== null) {
      const agrees = t?.source === 'track' && t.start !== null && Math.abs(t.start - a.start) <= AGREE_SECONDS;
      if (agrees) stats.confirmed++;
      out.push(agrees ? { ...a, source: 'audio+track' } : { ...a });
      prevEnd = a.end;
      prevFilled = false;
      continue;
    }
    const usable = t && t.start !== null && t.end !== null && (t.source === 'track' || (t.source === 'interpolated' && prevFilled));
    if (usable) {
      const hi = nextAudioStart[i + 1];
      const start = Math.max(t.start!, prevEnd);
      const end = Math.min(t.end!, hi);
      if (t.start! >= prevEnd - OVERLAP_TOLERANCE && t.end! <= hi + OVERLAP_TOLERANCE && end - start >= MIN_WORD_SECONDS) {
        out.push({ ...a, start, end, confidence: t.confidence, source: t.source });
        stats.filled++;
        prevEnd = end;
        prevFilled = true;
        continue;
      }
      if (t.source === 'track') stats.refused++;
    }
    out.push({ ...a });
    prevFilled = false;
  }
  return { words: out, stats };
}
