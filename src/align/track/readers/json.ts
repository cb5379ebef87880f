/**
 * JSON tracks: YouTube json3 (`events[].segs[].utf8` with `tStartMs` + `tOffsetMs`),
 * whisper-style output (`segments[].words[]` with `word, start, end`, or a top-level
 * `words[]`/`word_segments[]`; segments without words give cue-level evidence), and capsync's
 * own words.json (an array of `{text, start, end}` or `{words: [...]}`; unplaced words skipped).
 */
import { CapsyncError } from '../../../util/errors.js';
import type { TimingTrack, TrackFormat, TrackWord } from '../types.js';
import { finalizeWords, spreadWords, wordsOfText } from './words.js';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: Json): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Which JSON track this is, or null when it is none of them. */
export function detectJsonTrack(data: Json): TrackFormat | null {
  if (isObject(data) && Array.isArray(data.events)) return 'json3';
  if (isObject(data) && (Array.isArray(data.segments) || Array.isArray(data.word_segments))) return 'whisper-json';
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.words) ? data.words : null;
  if (list && list.length && isObject(list[0])) {
    if (typeof list[0].word === 'string') return 'whisper-json';
    if (typeof list[0].text === 'string') return 'words-json';
  }
  return null;
}

export function readJson3(data: Record<string, Json>, label: string): TimingTrack {
  const words: TrackWord[] = [];
  let multiWordSegs = 0;
  let segCount = 0;
  let pending = false;
  (data.events as Json[]).forEach((ev, cueIndex) => {
    if (!isObject(ev) || !Array.isArray(ev.segs)) return;
    const t0 = finite(ev.tStartMs);
    if (t0 === null) throw new CapsyncError('TRACK_UNREADABLE', `${label}: json3 event without tStartMs.`);
    const evEnd = (t0 + (finite(ev.dDurationMs) ?? 0)) / 1000;
    const segs = ev.segs
      .filter(isObject)
      .map((s) => ({ at: (t0 + (finite(s.tOffsetMs) ?? 0)) / 1000, text: typeof s.utf8 === 'string' ? s.utf8 : '' }))
      .map((s) => ({ ...s, words: wordsOfText(s.text) }));
    for (const s of segs) {
      if (!s.words.length) pending ||= />>/.test(s.text);
      else if (pending) {
        s.words[0].speakerChange = true;
        pending = false;
      }
    }
    const filled = segs.filter((s) => s.words.length);
    filled.forEach((s, k) => {
      const end = Math.max(s.at, k + 1 < filled.length ? filled[k + 1].at : evEnd);
      segCount++;
      if (s.words.length > 1) multiWordSegs++;
      words.push(...spreadWords(s.words, s.at, end, cueIndex));
    });
  });
  if (!words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the json3 track has no timed words.`);
  // Auto-captions have one word per segment; manual captions one sentence per event.
  const precision = multiWordSegs <= segCount / 2 ? 'word' : 'cue';
  return { format: 'json3', precision, words: finalizeWords(words, precision === 'word') };
}

export function readWhisperJson(data: Json, label: string): TimingTrack {
  const words: TrackWord[] = [];
  let cueLevel = 0;
  const pushWords = (list: Json[], cue: number | undefined, segStart: number | null, segEnd: number | null): void => {
    // Aligners leave some words (numbers, symbols) untimed: give them the time between timed neighbours.
    const items = list.filter(isObject).map((w) => ({
      text: String(w.word ?? w.text ?? '').trim(),
      start: finite(w.start),
      end: finite(w.end),
    })).filter((w) => w.text.length > 0);
    for (let k = 0; k < items.length; k++) {
      const w = items[k];
      if (w.start === null || w.end === null) {
        const before = k > 0 ? items[k - 1].end : segStart;
        const after = items.slice(k + 1).find((x) => x.start !== null)?.start ?? segEnd;
        if (before === null || after === null) continue;
        w.start ??= before;
        w.end ??= Math.max(w.start, after);
      }
      for (const raw of wordsOfText(w.text)) {
        const tw: TrackWord = { text: raw.text, start: w.start!, end: w.end! };
        if (cue !== undefined) tw.cue = cue;
        words.push(tw);
      }
    }
  };
  if (isObject(data) && Array.isArray(data.segments)) {
    data.segments.forEach((seg, cue) => {
      if (!isObject(seg)) return;
      const start = finite(seg.start);
      const end = finite(seg.end);
      if (Array.isArray(seg.words) && seg.words.length) pushWords(seg.words, cue, start, end);
      else if (typeof seg.text === 'string' && start !== null && end !== null) {
        cueLevel++;
        words.push(...spreadWords(wordsOfText(seg.text), start, Math.max(start, end), cue));
      }
    });
  }
  if (!words.length) {
    const list = Array.isArray(data) ? data : isObject(data) ? (data.word_segments ?? data.words) : null;
    if (Array.isArray(list)) pushWords(list, undefined, null, null);
  }
  if (!words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the JSON track has no timed words.`);
  return { format: 'whisper-json', precision: cueLevel ? 'cue' : 'word', words: finalizeWords(words, false) };
}

export function readWordsJson(data: Json, label: string): TimingTrack {
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.words) ? data.words : [];
  const words: TrackWord[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.text !== 'string') continue;
    const start = finite(item.start);
    const end = finite(item.end);
    if (start === null || end === null) continue;
    const raw = wordsOfText(item.text);
    if (raw.length === 1) words.push({ text: raw[0].text, start, end });
    else words.push(...spreadWords(raw, start, Math.max(start, end)));
  }
  if (!words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the words file has no timed words.`);
  return { format: 'words-json', precision: 'word', words: finalizeWords(words, false) };
}
