/**
 * Inputs of `capsync chapters`: the pipeline's words.json, or an existing WebVTT caption
 * file (words spread evenly over each cue: cue-level accuracy only). Pure parsing; the CLI
 * reads the files.
 */
import { parseSync } from 'subtitle';
import type { SpeakerTurn, TimedWord, Transcript, TranscriptWord } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { guessRoleFromLabel } from './structure.js';

export interface ChaptersInput {
  words: TimedWord[];
  transcript: Transcript;
  duration: number;
  /** True when times come from caption cues, not from word alignment. */
  cueLevel: boolean;
}

function spokenOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}' -]/gu, '').trim();
}

/** Build the Transcript side from timed words (text, sentence, paragraph, turn) and turns. */
function transcriptFrom(words: readonly TimedWord[], turns: SpeakerTurn[], language: string): Transcript {
  let pos = 0;
  const tw: TranscriptWord[] = words.map((w) => {
    const t: TranscriptWord = { index: w.index, text: w.text, spoken: spokenOf(w.text), paragraph: w.paragraph, sentence: w.sentence, turn: w.turn, charStart: pos, charEnd: pos + w.text.length };
    pos += w.text.length + 1;
    return t;
  });
  const paragraphs: Transcript['paragraphs'] = [];
  for (const w of words) {
    const p = paragraphs[paragraphs.length - 1];
    if (p && p.index === w.paragraph) p.lastWord = w.index;
    else paragraphs.push({ index: w.paragraph, firstWord: w.index, lastWord: w.index });
  }
  return { words: tw, turns, paragraphs, language, source: turns.some((t) => t.label) ? 'labelled' : 'plain', continuesAt: null };
}

/** Turns implied by the words' turn indices, when the file lists none. */
function turnsFromWords(words: readonly TimedWord[]): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  for (const w of words) {
    const t = turns.find((x) => x.index === w.turn);
    if (t) t.lastWord = w.index;
    else turns.push({ index: w.turn, label: null, role: null, firstWord: w.index, lastWord: w.index });
  }
  return turns;
}

const ROLES = new Set(['host', 'moderator', 'question', 'answer', 'other']);

/** Parse `<stem>.words.json` (version 1) as written by the pipeline. */
export function chaptersInputFromWordsJson(text: string): ChaptersInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CapsyncError('CHAPTERS_BAD_INPUT', `chapters: the words file is not valid JSON (${(error as Error).message})`);
  }
  const d = data as Record<string, unknown>;
  if (!d || typeof d !== 'object' || !Array.isArray(d.words)) throw new CapsyncError('CHAPTERS_BAD_INPUT', 'chapters: the words file has no "words" array (expected capsync words.json, version 1)');
  if (d.version !== undefined && d.version !== 1) throw new CapsyncError('CHAPTERS_BAD_INPUT', `chapters: words.json version ${String(d.version)} is not supported (expected 1)`);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const words: TimedWord[] = (d.words as unknown[]).map((raw, i) => {
    const w = (raw ?? {}) as Record<string, unknown>;
    if (typeof w.text !== 'string') throw new CapsyncError('CHAPTERS_BAD_INPUT', `chapters: word ${i} in the words file has no text`);
    const start = num(w.start);
    const end = num(w.end);
    return {
      index: i,
      text: w.text,
      start,
      end: end ?? start,
      confidence: num(w.confidence) ?? 0,
      sentence: num(w.sentence) ?? 0,
      paragraph: num(w.paragraph) ?? 0,
      turn: num(w.turn) ?? 0,
      source: (typeof w.source === 'string' ? w.source : null) as TimedWord['source'],
    };
  });
  let turns: SpeakerTurn[];
  if (Array.isArray(d.turns) && d.turns.length) {
    turns = (d.turns as Array<Record<string, unknown>>).map((t, i) => ({
      index: num(t.index) ?? i,
      label: typeof t.label === 'string' ? t.label : null,
      role: typeof t.role === 'string' && ROLES.has(t.role) ? (t.role as SpeakerTurn['role']) : null,
      firstWord: num(t.firstWord) ?? 0,
      lastWord: num(t.lastWord) ?? 0,
    }));
  } else turns = turnsFromWords(words);
  const lastEnd = Math.max(0, ...words.map((w) => w.end ?? 0));
  const duration = num(d.duration) ?? lastEnd;
  const language = typeof d.language === 'string' ? d.language : 'en';
  return { words, transcript: transcriptFrom(words, turns, language), duration: Math.max(duration, lastEnd), cueLevel: false };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Rebuild words from a caption file: each cue's words get times spread over the cue in
 * proportion to their length. Turns start at `>>` markers or `<v Name>` voice spans; a
 * `>> NAME:` label names the turn. Sentences end at `.?!`.
 */
export function chaptersInputFromVtt(text: string, options: { duration?: number; language?: string } = {}): ChaptersInput {
  let nodes;
  try {
    nodes = parseSync(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CapsyncError('CHAPTERS_BAD_INPUT', `chapters: cannot read the caption file (${(error as Error).message})`);
  }
  const cues = nodes.flatMap((n) => (n.type === 'cue' ? [n.data] : []));
  if (cues.length === 0) throw new CapsyncError('CHAPTERS_BAD_INPUT', 'chapters: the caption file has no cues');
  const words: TimedWord[] = [];
  const turns: SpeakerTurn[] = [];
  let sentence = 0;
  let paragraph = 0;
  let lastVoice: string | null = null;
  let prevEnd = 0;
  const newTurn = (label: string | null) => {
    if (turns.length && turns[turns.length - 1]!.firstWord > words.length - 1) {
      const t = turns[turns.length - 1]!;
      t.label = label ?? t.label;
      t.role = guessRoleFromLabel(t.label);
      return;
    }
    turns.push({ index: turns.length, label, role: guessRoleFromLabel(label), firstWord: words.length, lastWord: words.length - 1 });
    if (words.length) paragraph++;
  };
  for (const cue of [...cues].sort((a, b) => a.start - b.start)) {
    const start = cue.start / 1000;
    const end = Math.max(start, cue.end / 1000);
    // A long silence between cues starts a new paragraph.
    if (words.length && start - prevEnd > 2) paragraph++;
    prevEnd = end;
    type Tok = { text: string; turnLabel?: string | null; newTurn?: boolean };
    const toks: Tok[] = [];
    for (const rawLine of cue.text.split(/\r?\n/)) {
      let line = rawLine;
      const voice = line.match(/<v(?:\.[^\s>]+)?\s+([^>]+)>/);
      if (voice && voice[1]!.trim() !== lastVoice) {
        lastVoice = voice[1]!.trim();
        toks.push({ text: '', newTurn: true, turnLabel: lastVoice });
      }
      line = decodeEntities(line.replace(/<[^>]*>/g, ''));
      const parts = line.split(/>>|&gt;&gt;/);
      parts.forEach((part, k) => {
        let body = part;
        if (k > 0) {
          const label = body.match(/^\s*([A-Z][A-Za-z .'-]{0,40}|[A-Z][A-Z .'-]{0,40}):\s*/);
          toks.push({ text: '', newTurn: true, turnLabel: label ? label[1]!.trim() : null });
          if (label) body = body.slice(label[0].length);
        }
        for (const w of body.split(/\s+/)) if (w) toks.push({ text: w });
      });
    }
    const real = toks.filter((t) => t.text);
    const total = real.reduce((n, t) => n + t.text.length + 1, 0) || 1;
    let t = start;
    for (const tok of toks) {
      if (tok.newTurn) {
        newTurn(tok.turnLabel ?? null);
        continue;
      }
      if (turns.length === 0) newTurn(null);
      const dur = ((end - start) * (tok.text.length + 1)) / total;
      words.push({ index: words.length, text: tok.text, start: round(t), end: round(t + dur * 0.9), confidence: 0.5, sentence, paragraph, turn: turns.length - 1, source: 'track' });
      turns[turns.length - 1]!.lastWord = words.length - 1;
      t += dur;
      if (/[.?!…]["”')\]]*$/.test(tok.text)) sentence++;
    }
  }
  // Close a sentence left open at a turn change.
  for (let i = 1; i < words.length; i++) {
    if (words[i]!.turn !== words[i - 1]!.turn && words[i]!.sentence === words[i - 1]!.sentence) {
      for (let k = i; k < words.length; k++) words[k]!.sentence++;
    }
  }
  const lastEnd = cues.reduce((m, c) => Math.max(m, c.end / 1000), 0);
  const cleanTurns = turns.filter((t) => t.lastWord >= t.firstWord);
  // Re-index turns densely after dropping empty ones.
  const remap = new Map(cleanTurns.map((t, i) => [t.index, i]));
  for (const w of words) w.turn = remap.get(w.turn) ?? 0;
  cleanTurns.forEach((t, i) => (t.index = i));
  return { words, transcript: transcriptFrom(words, cleanTurns, options.language ?? 'en'), duration: Math.max(options.duration ?? 0, lastEnd), cueLevel: true };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Give a parsed transcript the times of words read from captions: tokens are matched in
 * order (re-synchronising after small differences), unmatched transcript words stay
 * unplaced. Used when `--transcript` brings labels and paragraphs the captions lack.
 */
export function timeTranscriptFromWords(transcript: Transcript, timed: readonly TimedWord[]): TimedWord[] {
  const out: TimedWord[] = transcript.words.map((w) => ({ index: w.index, text: w.text, start: null, end: null, confidence: 0, sentence: w.sentence, paragraph: w.paragraph, turn: w.turn, source: null }));
  const a = transcript.words.map((w) => norm(w.text));
  const b = timed.map((w) => norm(w.text));
  let i = 0;
  let j = 0;
  const LOOK = 12;
  while (i < a.length && j < b.length) {
    if (a[i] && a[i] === b[j]) {
      const src = timed[j]!;
      out[i] = { ...out[i]!, start: src.start, end: src.end, confidence: src.confidence, source: src.source };
      i++;
      j++;
      continue;
    }
    // Find the nearest re-synchronisation point within LOOK tokens on either side.
    let best: [number, number] | null = null;
    for (let d = 1; d <= LOOK && !best; d++) {
      for (let di = 0; di <= d && !best; di++) {
        const dj = d - di;
        if (i + di < a.length && j + dj < b.length && a[i + di] && a[i + di] === b[j + dj] && a[i + di + 1] === b[j + dj + 1]) best = [i + di, j + dj];
      }
    }
    if (best) [i, j] = best;
    else {
      i++;
      j++;
    }
  }
  return out;
}
