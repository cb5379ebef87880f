/**
 * Word-level ground truth for benchmark recordings and test fixtures (truth.json,
 * written by bench/corpus/make.ts and bench/corpus/samples.ts). Times in seconds.
 *
 * `transcriptTokens` are the whitespace-delimited tokens of the transcript's body lines
 * (speaker-label lines such as "Moderator:" excluded), in order — the same tokens capsync
 * numbers in words.json, so `words.json` word i is compared with `transcriptTokens[i]`.
 */
import { readFileSync } from 'node:fs';

/** `roomtone`: an empty room's steady noise with nobody speaking (a lead-in or lead-out). */
export type NonSpeechKind = 'music' | 'applause' | 'silence' | 'noise' | 'roomtone';

/** One spoken word of the audio (one written token; "700" spans "seven hundred"). */
export interface TruthWord {
  /** The token as written. For a transcript substitution it is what was said, not the transcript's text. */
  text: string;
  start: number;
  end: number;
  /** Index into transcriptTokens, or null when the transcript does not contain this word. */
  transcriptIndex: number | null;
  /** Voice id, e.g. "festival:kal_diphone". */
  voice: string;
}

export interface TruthToken {
  index: number;
  text: string;
  /** False when the token is never spoken (inserted/unspoken text, a lone dash). */
  spoken: boolean;
  start: number | null;
  end: number | null;
  /**
   * "As prepared" edits: `substituted` — the speaker said a different word here (times are
   * that word's); `inserted` — a word in the text the speaker skipped. Absent otherwise.
   */
  edit?: 'substituted' | 'inserted';
}

export interface TruthSpan {
  start: number;
  end: number;
}

export interface TruthNonSpeech extends TruthSpan {
  kind: NonSpeechKind;
}

export interface TruthUntranscribed extends TruthSpan {
  text: string;
  /**
   * What kind of speech has no text: `chatter` (people talking while they wait; its text is a
   * summary, its words are not listed in `words`), `question` (a Q&A question the transcript
   * leaves out), `tail` (after a partial transcript's end), `sentence` (a spoken sentence the
   * text misses), `words` (a few ad-libbed words). Absent in older truth files.
   */
  kind?: 'chatter' | 'question' | 'tail' | 'sentence' | 'words';
}

export interface TruthUnspokenParagraph {
  firstToken: number;
  /** Inclusive. */
  lastToken: number;
  text: string;
}

export interface Truth {
  case: string;
  duration: number;
  sampleRate: number;
  voices: string[];
  words: TruthWord[];
  transcriptTokens: TruthToken[];
  nonSpeech: TruthNonSpeech[];
  untranscribedSpeech: TruthUntranscribed[];
  unspokenParagraphs: TruthUnspokenParagraph[];
  notes: string;
  /** Optional extras written by the generator. */
  snrDb?: number | null;
  /** The media file the aligner is given (next to truth.json); absent: audio.wav. */
  media?: string;
  /** The conditions a randomized scenario was drawn with (bench/corpus/scenario.ts). */
  conditions?: Record<string, unknown>;
  /**
   * Voices whose word times come from a reference aligner, not from the synthesizer (real
   * speech clips): voice id → how the times were obtained.
   */
  referenceTruth?: Record<string, string>;
}

/** Checks the invariants every consumer relies on; returns a list of problems (empty when valid). */
export function checkTruth(t: Truth): string[] {
  const problems: string[] = [];
  if (typeof t.case !== 'string') problems.push('case is not a string');
  if (!(t.duration > 0)) problems.push('duration must be > 0');
  if (!Array.isArray(t.words) || !Array.isArray(t.transcriptTokens)) {
    problems.push('words and transcriptTokens must be arrays');
    return problems;
  }
  let prevStart = -Infinity;
  t.words.forEach((w, i) => {
    if (!(w.start >= 0 && w.end > w.start && w.end <= t.duration + 1e-6)) problems.push(`word ${i} "${w.text}" has bad times`);
    if (w.start < prevStart) problems.push(`word ${i} starts before word ${i - 1}`);
    prevStart = w.start;
    if (w.transcriptIndex !== null) {
      const tok = t.transcriptTokens[w.transcriptIndex];
      if (!tok) problems.push(`word ${i} points at missing token ${w.transcriptIndex}`);
      else if (tok.start !== w.start || tok.end !== w.end) problems.push(`word ${i} and token ${w.transcriptIndex} disagree on time`);
    }
  });
  t.transcriptTokens.forEach((tok, i) => {
    if (tok.index !== i) problems.push(`token ${i} has index ${tok.index}`);
    if (/\s/.test(tok.text) || !tok.text) problems.push(`token ${i} is not a single whitespace-free token`);
    if (tok.spoken !== (tok.start !== null && tok.end !== null)) problems.push(`token ${i} spoken flag disagrees with its times`);
  });
  for (const s of t.nonSpeech) {
    if (!(s.end > s.start)) problems.push(`non-speech span ${s.start}-${s.end} is empty`);
  }
  return problems;
}

/** Reads and validates a truth.json; throws with the problems when it is malformed. */
export function loadTruth(path: string): Truth {
  const t = JSON.parse(readFileSync(path, 'utf8')) as Truth;
  const problems = checkTruth(t);
  if (problems.length) throw new Error(`${path}: invalid truth (${problems.length} problems): ${problems.slice(0, 5).join('; ')}`);
  return t;
}

/** Word-start time of each transcript token (null when unspoken), indexed like capsync's words.json. */
export function truthStarts(t: Truth): (number | null)[] {
  return t.transcriptTokens.map((tok) => tok.start);
}

/** True when `time` falls inside a music or applause span (where no word may be placed). */
export function inNonSpeech(t: Truth, time: number, kinds: NonSpeechKind[] = ['music', 'applause']): boolean {
  return t.nonSpeech.some((s) => kinds.includes(s.kind) && time >= s.start && time < s.end);
}

/**
 * Splits a transcript into the tokens truth.json numbers: whitespace-delimited tokens of
 * every non-empty line that is not a speaker label (a short line ending in ":").
 */
export function transcriptTokensOf(text: string, isLabel: (line: string) => boolean = isSpeakerLabelLine): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || isLabel(line.trim())) continue;
    out.push(...line.trim().split(/\s+/));
  }
  return out;
}

/** The label lines the corpus writes ("NATO Secretary General:", "Moderator:", "Question:", "Q:"). */
export function isSpeakerLabelLine(line: string): boolean {
  return /^(?:🗣\s*\|\s*)?[A-Z][A-Za-z .'-]{0,48}:$/u.test(line.trim());
}
