/**
 * Synthetic speech timelines and ASR-like caption tracks with known word timings, for the
 * timing-track tests and bench. Deterministic for a given seed.
 *
 * A timeline places every transcript word (and optional untranscribed speech) in time; a
 * track is what an auto-captioner would write for it: lower case, no punctuation, numbers
 * spelled out, some words misheard, times jittered. Writers render a track in YouTube's
 * rolling auto-caption WebVTT, srv3, json3, SRT and whisper JSON layouts.
 */
import type { TrackWord } from '../src/align/track/types.js';
import type { TranscriptWord } from '../src/types.js';
import { Rng } from './corpus/rng.js';

/** The corpus's seeded mulberry32, as a function. */
export function mulberry32(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** A transcript word with its true time. */
export interface TruthWord extends TranscriptWord {
  start: number;
  end: number;
}

/** One spoken word in the audio: a transcript word's spoken token, or untranscribed speech (wordIndex null). */
export interface AudioWord {
  text: string;
  start: number;
  end: number;
  wordIndex: number | null;
}

export interface Timeline {
  words: TruthWord[];
  audio: AudioWord[];
}

export interface TimelineOptions {
  seed?: number;
  /** Seconds per spoken character (default 0.065, ≈ 15 chars/s). */
  secondsPerChar?: number;
  /** Untranscribed speech inserted after transcript word `afterWord`, lasting about `seconds`. */
  insertions?: Array<{ afterWord: number; seconds: number; text: string }>;
  /** Transcript words not spoken at all (prepared text the speaker skipped): inclusive index ranges. */
  skipped?: Array<{ from: number; to: number }>;
}

/**
 * Build a transcript (paragraphs of running text, tokenized on whitespace) and a timeline:
 * word durations from spoken length with ±20% variation, short gaps between words, longer
 * pauses after sentences and paragraphs.
 */
export function synthTimeline(paragraphs: string[], spokenOf: (text: string) => string, options: TimelineOptions = {}): Timeline {
  const rand = mulberry32(options.seed ?? 1);
  const spc = options.secondsPerChar ?? 0.065;
  const words: TruthWord[] = [];
  const audio: AudioWord[] = [];
  let t = 0.5;
  let sentence = 0;
  let charPos = 0;
  const isSkipped = (i: number): boolean => (options.skipped ?? []).some((r) => i >= r.from && i <= r.to);
  const speakFree = (text: string, seconds: number): void => {
    // Untranscribed speech: cycle through `text` until `seconds` are filled.
    const pool = text.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);
    const until = t + seconds;
    let k = 0;
    while (t < until) {
      const w = pool[k++ % pool.length];
      const d = (w.length * spc + 0.06) * (0.8 + 0.4 * rand());
      audio.push({ text: w, start: t, end: t + d, wordIndex: null });
      t += d + 0.02 + 0.05 * rand();
      if (k % 12 === 0) t += 0.3 + 0.4 * rand();
    }
    t += 0.6;
  };
  paragraphs.forEach((para, p) => {
    const tokens = para.split(/\s+/).filter(Boolean);
    tokens.forEach((text, k) => {
      const index = words.length;
      const spoken = spokenOf(text);
      const word: TruthWord = { index, text, spoken, paragraph: p, sentence, turn: 0, charStart: charPos, charEnd: charPos + text.length, start: t, end: t };
      charPos += text.length + 1;
      if (spoken && !isSkipped(index)) {
        const parts = spoken.split(' ');
        const start = t;
        parts.forEach((part, n) => {
          const d = (part.length * spc + 0.06) * (0.8 + 0.4 * rand());
          audio.push({ text: part, start: t, end: t + d, wordIndex: index });
          t += d + (n < parts.length - 1 ? 0.01 : 0);
        });
        word.start = start;
        word.end = t;
        t += 0.01 + 0.04 * rand();
      } else {
        word.start = t;
        word.end = t;
      }
      words.push(word);
      const endsSentence = /[.?!]["'’)]*$/.test(text) || k === tokens.length - 1;
      if (endsSentence) {
        sentence++;
        t += 0.25 + 0.45 * rand();
      }
      for (const ins of options.insertions ?? []) if (ins.afterWord === index) speakFree(ins.text, ins.seconds);
    });
    t += 0.8 + 0.8 * rand();
  });
  return { words, audio };
}

export interface NoiseOptions {
  seed?: number;
  /** Fraction of words misheard (default 0.1). */
  substitutionRate?: number;
  /** Fraction of words the ASR drops (default 0.01) and of filler words it adds (default 0.01). */
  deletionRate?: number;
  insertionRate?: number;
  /** Uniform jitter of word starts and ends, seconds (default 0.1). */
  jitter?: number;
  /** Probability a number is written in digits by the ASR instead of words (default 0). */
  digitRate?: number;
  /** Transcript word ranges whose speech is missing from the track (inclusive). */
  dropWords?: Array<{ from: number; to: number }>;
}

const CONFUSIONS = ['the', 'a', 'and', 'in', 'it', 'that', 'so', 'we', 'they', 'on', 'for', 'this', 'uh', 'um', 'one', 'to'];

/** Mishear a word: a near-homophone edit most of the time, an unrelated short word otherwise. */
function mishear(word: string, rand: () => number): string {
  if (word.length <= 3 || rand() < 0.3) {
    let c = CONFUSIONS[Math.floor(rand() * CONFUSIONS.length)];
    if (c === word) c = 'the';
    return c;
  }
  const vowels = 'aeiou';
  const chars = [...word];
  const pos = 1 + Math.floor(rand() * (chars.length - 1));
  const op = rand();
  if (op < 0.4) chars[pos] = vowels.includes(chars[pos]) ? vowels[Math.floor(rand() * 5)] : 'aeiou'[Math.floor(rand() * 5)];
  else if (op < 0.7) chars.splice(pos, 1);
  else chars.splice(pos, 0, 'e');
  const out = chars.join('');
  return out === word ? `${word}s` : out;
}

/**
 * What an auto-captioner writes for the audio: lower case, no punctuation, spelled-out
 * numbers (the timeline's audio words are spoken tokens), acronyms as one word or dotted,
 * misheard words, dropped and added words, jittered times.
 */
export function asrTrack(timeline: Timeline, options: NoiseOptions = {}): TrackWord[] {
  const rand = mulberry32(options.seed ?? 2);
  const sub = options.substitutionRate ?? 0.1;
  const del = options.deletionRate ?? 0.01;
  const ins = options.insertionRate ?? 0.01;
  const jitter = options.jitter ?? 0.1;
  const dropped = (i: number | null): boolean => i !== null && (options.dropWords ?? []).some((r) => i >= r.from && i <= r.to);
  const out: TrackWord[] = [];
  const audio = timeline.audio;
  for (let k = 0; k < audio.length; k++) {
    const a = audio[k];
    if (dropped(a.wordIndex)) continue;
    // Group the tokens of one transcript word to decide how the ASR writes it.
    let last = k;
    while (a.wordIndex !== null && last + 1 < audio.length && audio[last + 1].wordIndex === a.wordIndex) last++;
    const group = audio.slice(k, last + 1);
    k = last;
    const word = a.wordIndex === null ? null : timeline.words[a.wordIndex];
    let written: Array<{ text: string; start: number; end: number }>;
    if (group.length > 1 && group.every((g) => g.text.length === 1)) {
      // Spelled acronym: "us" or "u.s." as one word.
      const letters = group.map((g) => g.text).join('');
      written = [{ text: rand() < 0.5 ? letters : `${group.map((g) => g.text).join('.')}.`, start: group[0].start, end: group[group.length - 1].end }];
    } else if (word && /\d/.test(word.text) && rand() < (options.digitRate ?? 0)) {
      written = [{ text: word.text.toLowerCase().replace(/[^0-9%.,$€£]/g, '').replace(/[.,]+$/, ''), start: group[0].start, end: group[group.length - 1].end }];
    } else written = group.map((g) => ({ text: g.text, start: g.start, end: g.end }));
    for (const w of written) {
      if (rand() < del) continue;
      const text = rand() < sub ? mishear(w.text, rand) : w.text;
      out.push({ text, start: w.start, end: w.end });
      if (rand() < ins) {
        const d = 0.15;
        out.push({ text: rand() < 0.5 ? 'uh' : 'um', start: w.end, end: w.end + d });
      }
    }
  }
  // Jitter, keeping starts increasing and words at least 20 ms long.
  let prevStart = -Infinity;
  for (const w of out) {
    const start = Math.max(0, w.start + (rand() * 2 - 1) * jitter, prevStart + 0.02);
    const end = Math.max(start + 0.02, w.end + (rand() * 2 - 1) * jitter);
    w.start = start;
    w.end = end;
    prevStart = start;
  }
  for (let n = 0; n + 1 < out.length; n++) out[n].end = Math.min(out[n].end, out[n + 1].start);
  return out.map((w) => ({ text: w.text, start: round3(w.start), end: round3(Math.max(w.start, w.end)) }));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function vttTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const r = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(r).padStart(3, '0')}`;
}

/** Lines as YouTube's auto-captions break them: up to ~32 characters, or earlier at a long pause. */
export function captionLines(words: TrackWord[], maxChars = 32): TrackWord[][] {
  const lines: TrackWord[][] = [];
  let cur: TrackWord[] = [];
  let len = 0;
  for (const w of words) {
    const pause = cur.length ? w.start - cur[cur.length - 1].end : 0;
    if (cur.length && (len + 1 + w.text.length > maxChars || pause > 2)) {
      lines.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(w);
    len += (len ? 1 : 0) + w.text.length;
  }
  if (cur.length) lines.push(cur);
  return lines;
}

/**
 * YouTube auto-caption WebVTT: each cue shows the previous line (plain) above the new line
 * (inline word timestamps, the first word untimed at the cue start), followed by a 10 ms cue
 * with the finished line alone.
 */
export function toYoutubeVtt(words: TrackWord[]): string {
  const lines = captionLines(words);
  const out = ['WEBVTT', 'Kind: captions', 'Language: en', ''];
  let previous = ' ';
  lines.forEach((line, n) => {
    const start = line[0].start;
    const nextStart = n + 1 < lines.length ? lines[n + 1][0].start : line[line.length - 1].end + 0.5;
    const end = Math.max(start + 0.02, nextStart - 0.01);
    const timed = line.map((w, k) => (k === 0 ? w.text : `<${vttTime(w.start)}><c> ${w.text}</c>`)).join('');
    out.push(`${vttTime(start)} --> ${vttTime(end)} align:start position:0%`, previous, timed, '');
    const plain = line.map((w) => w.text).join(' ');
    out.push(`${vttTime(end)} --> ${vttTime(end + 0.01)} align:start position:0%`, plain, ' ', '');
    previous = plain;
  });
  return out.join('\n');
}

/** Plain SRT with `wordsPerCue` words per cue, optionally rolling (each cue repeats the previous line first). */
export function toSrt(words: TrackWord[], wordsPerCue = 8, rolling = false): string {
  const out: string[] = [];
  const srtTime = (s: number): string => vttTime(s).replace('.', ',');
  let prev = '';
  for (let k = 0, n = 1; k < words.length; k += wordsPerCue, n++) {
    const cue = words.slice(k, k + wordsPerCue);
    const text = cue.map((w) => w.text).join(' ');
    out.push(String(n), `${srtTime(cue[0].start)} --> ${srtTime(cue[cue.length - 1].end)}`, rolling && prev ? `${prev}\n${text}` : text, '');
    prev = text;
  }
  return out.join('\n');
}

/** srv3 as YouTube serves auto-captions: one `<p>` per line, one `<s>` per word, offsets in ms. */
export function toSrv3(words: TrackWord[]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
  const body = captionLines(words).map((line) => {
    const t = Math.round(line[0].start * 1000);
    const d = Math.round(line[line.length - 1].end * 1000) - t;
    const segs = line.map((w, k) => (k === 0 ? `<s ac="0">${esc(w.text)}</s>` : `<s t="${Math.round(w.start * 1000) - t}" ac="0"> ${esc(w.text)}</s>`)).join('');
    return `<p t="${t}" d="${d}" w="1">${segs}</p>`;
  });
  return `<?xml version="1.0" encoding="utf-8" ?><timedtext format="3">\n<body>\n${body.join('\n')}\n</body>\n</timedtext>\n`;
}

/** json3 as YouTube serves auto-captions: one event per line, one seg per word. */
export function toJson3(words: TrackWord[]): string {
  const events: unknown[] = [{ tStartMs: 0, dDurationMs: 1, id: 1, wpWinPosId: 1, wsWinStyleId: 1 }];
  for (const line of captionLines(words)) {
    const t = Math.round(line[0].start * 1000);
    events.push({
      tStartMs: t,
      dDurationMs: Math.round(line[line.length - 1].end * 1000) - t + 400,
      wWinId: 1,
      segs: line.map((w, k) => (k === 0 ? { utf8: w.text, acAsrConf: 0 } : { utf8: ` ${w.text}`, tOffsetMs: Math.round(w.start * 1000) - t, acAsrConf: 0 })),
    });
    events.push({ tStartMs: Math.round(line[line.length - 1].end * 1000), dDurationMs: 10, wWinId: 1, aAppend: 1, segs: [{ utf8: '\n' }] });
  }
  return JSON.stringify({ wireMagic: 'pb3', events });
}

/** whisper-style JSON: segments of ~12 words with word timings. */
export function toWhisperJson(words: TrackWord[]): string {
  const segments = [];
  for (let k = 0; k < words.length; k += 12) {
    const seg = words.slice(k, k + 12);
    segments.push({
      id: segments.length,
      start: seg[0].start,
      end: seg[seg.length - 1].end,
      text: ` ${seg.map((w) => w.text).join(' ')}`,
      words: seg.map((w) => ({ word: ` ${w.text}`, start: w.start, end: w.end, probability: 0.9 })),
    });
  }
  return JSON.stringify({ text: words.map((w) => w.text).join(' '), segments, language: 'en' });
}

/** Word-start error statistics of timed words against truth. */
export interface TimingErrorStats {
  words: number;
  placed: number;
  placedPct: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  within100Pct: number;
}

export function startErrors(pairs: Array<{ truth: number; timed: number | null }>): TimingErrorStats {
  const errs = pairs.filter((p) => p.timed !== null).map((p) => Math.abs(p.timed! - p.truth) * 1000).sort((a, b) => a - b);
  const q = (f: number): number => (errs.length ? errs[Math.min(errs.length - 1, Math.floor(f * errs.length))] : NaN);
  return {
    words: pairs.length,
    placed: errs.length,
    placedPct: pairs.length ? (100 * errs.length) / pairs.length : NaN,
    medianMs: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: errs.length ? errs[errs.length - 1] : NaN,
    within100Pct: errs.length ? (100 * errs.filter((e) => e <= 100).length) / errs.length : NaN,
  };
}

/**
 * Pseudo-English paragraphs of about `wordCount` words: frequent function words from a fixed
 * list, content words drawn Zipf-like from a syllable-built vocabulary, so that (like real
 * speech) short phrases repeat but long ones rarely do.
 */
export function randomParagraphs(wordCount: number, seed = 7): string[] {
  const rand = mulberry32(seed);
  const FUNCTION = ['the', 'and', 'of', 'to', 'a', 'in', 'we', 'that', 'is', 'for', 'it', 'on', 'with', 'our', 'are', 'this', 'be', 'have', 'will', 'as', 'not', 'all', 'more', 'also', 'can'];
  const SYL = ['ka', 'lo', 'mi', 'ten', 'ra', 'vis', 'do', 'pre', 'sen', 'tal', 'gor', 'un', 'bel', 'fi', 'nu', 'stra', 'quo', 'de', 'lan', 'cor'];
  const vocab: string[] = [];
  for (let v = 0; v < 4000; v++) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let k = 0; k < n; k++) w += SYL[Math.floor(rand() * SYL.length)];
    vocab.push(w);
  }
  const content = (): string => vocab[Math.min(vocab.length - 1, Math.floor(Math.pow(rand(), 2.2) * vocab.length))];
  const paragraphs: string[] = [];
  let total = 0;
  while (total < wordCount) {
    const sentences: string[] = [];
    const nSent = 2 + Math.floor(rand() * 4);
    for (let s = 0; s < nSent; s++) {
      const len = 6 + Math.floor(rand() * 14);
      const ws: string[] = [];
      for (let k = 0; k < len; k++) ws.push(rand() < 0.45 ? FUNCTION[Math.floor(Math.pow(rand(), 1.5) * FUNCTION.length)] : content());
      if (rand() < 0.1) ws.splice(Math.floor(rand() * ws.length), 0, String(1 + Math.floor(rand() * 999)));
      ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
      sentences.push(`${ws.join(' ')}.`);
      total += ws.length;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs;
}
