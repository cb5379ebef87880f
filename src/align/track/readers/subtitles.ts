/**
 * WebVTT and SRT tracks, parsed with the `subtitle` package.
 *
 * YouTube's auto-caption WebVTT times every word inline (`word<00:00:01.234><c> next</c>`) and
 * rolls: each cue repeats the previous line above the new one, and a 10 ms cue shows the
 * finished line alone. Only the new line of each cue is read, so every word appears once.
 * Other VTT/SRT files time cues only; their words are spread over the cue by length (cue-level
 * precision), after removing lines rolled over from the previous cue.
 */
import { parseSync, type NodeCue } from 'subtitle';
import { CapsyncError } from '../../../util/errors.js';
import type { TimingTrack, TrackWord } from '../types.js';
import { dropRepeatedWords, finalizeWords, lineKey, newLines, spreadWords, stripMarkup, wordsOfText, type RawWord } from './words.js';

const INLINE_TS = /<((?:\d+:)?\d{2}:\d{2}\.\d{3})>/;
const INLINE_TS_SPLIT = /<((?:\d+:)?\d{2}:\d{2}\.\d{3})>/g;

/** True when a WebVTT file carries inline word timestamps. */
export function hasInlineTimestamps(content: string): boolean {
  return INLINE_TS.test(content);
}

function parseCues(content: string, label: string): Array<NodeCue['data']> {
  let nodes;
  try {
    nodes = parseSync(content.replace(/\r\n?/g, '\n'));
  } catch (error) {
    throw new CapsyncError('TRACK_UNREADABLE', `${label}: not a readable subtitle file (${(error as Error).message}).`);
  }
  return nodes.filter((n): n is NodeCue => n.type === 'cue').map((n) => n.data);
}

function seconds(stamp: string): number {
  const parts = stamp.split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** YouTube auto-caption WebVTT with inline word timestamps. */
export function readYoutubeVtt(content: string, label: string): TimingTrack {
  const cues = parseCues(content, label);
  const words: TrackWord[] = [];
  let lastNewLine = '';
  cues.forEach((cue, cueIndex) => {
    const start = cue.start / 1000;
    const end = cue.end / 1000;
    const lines = cue.text.split('\n').filter((l) => l.trim().length > 0);
    // A 10 ms cue only re-shows the finished line.
    if (end - start <= 0.05) return;
    lines.forEach((line, n) => {
      // Untimed lines repeat the previous new line, except a one-word new line (no stamp
      // needed), which is the cue's last line and differs from the previous new line.
      if (!INLINE_TS.test(line) && !(n === lines.length - 1 && lineKey(line) !== lineKey(lastNewLine))) return;
      lastNewLine = line;
      // Segments: text before the first stamp starts at the cue start; each stamp starts the text after it.
      const pieces = line.split(INLINE_TS_SPLIT);
      const segs: Array<{ at: number; words: RawWord[] }> = [];
      segs.push({ at: start, words: wordsOfText(pieces[0]) });
      for (let k = 1; k < pieces.length; k += 2) segs.push({ at: seconds(pieces[k]), words: wordsOfText(pieces[k + 1] ?? '') });
      // A segment holding only ">>" marks the next word as a new speaker's.
      segs.forEach((seg, k) => {
        if (!seg.words.length && k + 1 < segs.length && /&gt;&gt;|>>/.test(pieces[k === 0 ? 0 : 2 * k]) && segs[k + 1].words.length) {
          segs[k + 1].words[0].speakerChange = true;
        }
      });
      const filled = segs.filter((s) => s.words.length);
      filled.forEach((seg, k) => {
        const segEnd = k + 1 < filled.length ? filled[k + 1].at : end;
        if (seg.words.length === 1) {
          const w: TrackWord = { text: seg.words[0].text, start: seg.at, end: Math.max(seg.at, segEnd), cue: cueIndex };
          if (seg.words[0].speakerChange) w.speakerChange = true;
          words.push(w);
        } else words.push(...spreadWords(seg.words, seg.at, Math.max(seg.at, segEnd), cueIndex));
      });
    });
  });
  return { format: 'youtube-vtt', precision: 'word', words: finalizeWords(words, true) };
}

/** Any WebVTT or SRT without inline word times: cue-level evidence. */
export function readCueSubtitles(content: string, label: string, format: 'vtt' | 'srt'): TimingTrack {
  const cues = parseCues(content, label);
  const words: TrackWord[] = [];
  let previousLines: string[] = [];
  let previousWords: RawWord[] = [];
  cues.forEach((cue, cueIndex) => {
    const lines = stripMarkup(cue.text).split('\n');
    const fresh = newLines(previousLines, lines);
    if (lines.some((l) => l.trim())) previousLines = lines;
    let raw = wordsOfText(fresh.join('\n'));
    raw = dropRepeatedWords(previousWords, raw);
    if (!raw.length) return;
    previousWords = raw;
    const start = cue.start / 1000;
    // A cue that ends before it starts stays so: repairTrack drops it and says so.
    const end = cue.end / 1000;
    words.push(...(end < start ? raw.map((w) => ({ text: w.text, start, end, cue: cueIndex })) : spreadWords(raw, start, end, cueIndex)));
  });
  return { format, precision: 'cue', words: finalizeWords(words, false) };
}
