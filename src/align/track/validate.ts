/**
 * Checks on a timing track before it is trusted: cues that run backwards, last no time or
 * overlap are repaired or dropped (each kind counted, for one warning), and a track whose
 * words barely match the transcript is recognised so it is not used at all. Pure functions:
 * the pipeline decides what to tell the user and what to do.
 */
import type { TimingTrack, TrackAlignStats, TrackRepairs, TrackWord } from './types.js';

export type { TrackRepairs } from './types.js';

/** A word shorter than this has no duration to speak of (a zero-length cue's words). */
const MIN_WORD_SECONDS = 0.01;
/** A zero-length word is given the time up to the next word, at most this long. */
const MAX_REPAIRED_WORD_SECONDS = 1;
/**
 * A track is used when at least this share of its words, or of the transcript's, match: a track
 * of part of the talk matches mostly on its side, a fuller one on the transcript's; another
 * video's track matches a few common words on neither.
 */
export const MIN_TRACK_MATCH_SHARE = 0.2;


/** The track with its words in time order, none backwards, empty or overlapping; and what was done. */
export function repairTrack(track: TimingTrack): { track: TimingTrack; repairs: TrackRepairs } {
  const repairs: TrackRepairs = { invalid: 0, backwards: 0, zeroLength: 0, zeroLengthDropped: 0, reordered: 0, overlapping: 0 };
  const kept: TrackWord[] = [];
  for (const w of track.words) {
    if (!Number.isFinite(w.start) || !Number.isFinite(w.end) || w.start < 0) repairs.invalid++;
    else if (w.end < w.start - MIN_WORD_SECONDS) repairs.backwards++;
    else kept.push({ ...w, end: Math.max(w.end, w.start) });
  }
  // Stable sort by start: words of one cue keep their order.
  const ordered = kept.map((w, i) => ({ w, i })).sort((a, b) => a.w.start - b.w.start || a.i - b.i);
  repairs.reordered = ordered.filter((o, k) => o.i !== k).length;
  const words = ordered.map((o) => o.w);
  const out: TrackWord[] = [];
  for (let i = 0; i < words.length; ) {
    // A run of words starting together (a zero-length cue's words all sit at its start).
    let r = i + 1;
    while (r < words.length && words[r].start === words[i].start) r++;
    const next = r < words.length ? words[r] : undefined;
    const run = words.slice(i, r).map((w) => ({ ...w }));
    const start = run[0].start;
    const empty = run.every((w) => w.end - w.start < MIN_WORD_SECONDS) || run.length > 1;
    if (empty) {
      // Share the time up to the next word (at most a second a word) out in order.
      const room = Math.min(next ? next.start - start : Infinity, MAX_REPAIRED_WORD_SECONDS * run.length, run.reduce((m, w) => Math.max(m, w.end), start) - start || Infinity);
      const zero = run.filter((w) => w.end - w.start < MIN_WORD_SECONDS).length;
      if (!(room >= MIN_WORD_SECONDS * run.length)) {
        repairs.zeroLengthDropped += zero;
        // Words with a length of their own keep it (cut at the next word below); empty ones go.
        run.splice(0, run.length, ...run.filter((w) => w.end - w.start >= MIN_WORD_SECONDS).slice(0, 1));
      } else {
        const share = room / run.length;
        run.forEach((w, k) => {
          w.start = start + k * share;
          w.end = start + (k + 1) * share;
        });
        repairs.zeroLength += zero;
      }
    }
    for (let k = 0; k < run.length; k++) {
      const w = run[k];
      const after = k + 1 < run.length ? run[k + 1] : next;
      if (after && w.end > after.start + MIN_WORD_SECONDS) {
        w.end = after.start;
        repairs.overlapping++;
      }
      if (w.end - w.start >= MIN_WORD_SECONDS / 2) out.push(w);
    }
    i = r;
  }
  return { track: { ...track, words: out }, repairs };
}

/** One sentence on what repairTrack did, or null when the track was clean. */
export function describeTrackRepairs(r: TrackRepairs): string | null {
  const parts: string[] = [];
  if (r.backwards) parts.push(`${r.backwards} word(s) of cues that end before they start dropped`);
  if (r.zeroLength) parts.push(`${r.zeroLength} zero-length word(s) given the time up to the next word`);
  if (r.zeroLengthDropped) parts.push(`${r.zeroLengthDropped} zero-length word(s) with no room dropped`);
  if (r.overlapping) parts.push(`${r.overlapping} overlapping word(s) cut at the next word's start`);
  if (r.reordered) parts.push(`${r.reordered} word(s) out of time order put back in order`);
  if (r.invalid) parts.push(`${r.invalid} word(s) with impossible times dropped`);
  return parts.length ? parts.join('; ') : null;
}

/**
 * Whether a track's alignment to the transcript is too thin to use (another video's track, a
 * different language): a sentence saying so, or null when it is usable.
 */
export function trackMismatch(stats: TrackAlignStats): string | null {
  const transcriptShare = stats.transcriptWords > 0 ? stats.matchedWords / stats.transcriptWords : 0;
  const trackShare = stats.trackWords > 0 ? stats.matchedTrackWords / stats.trackWords : 0;
  if (transcriptShare >= MIN_TRACK_MATCH_SHARE || trackShare >= MIN_TRACK_MATCH_SHARE) return null;
  return (
    `only ${stats.matchedWords} of ${stats.transcriptWords} transcript words match the timing track ` +
    `(${stats.matchedTrackWords} of its ${stats.trackWords} words): is it the track of another video?`
  );
}
