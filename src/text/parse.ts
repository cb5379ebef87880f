/**
 * Transcript parsing: text → words with spoken forms, speaker turns, paragraphs and sentences.
 *
 * Decisions:
 * - A word is a whitespace-delimited token of the body text with its attached punctuation;
 *   `text` is exactly as written and `charStart/charEnd` index the input string.
 * - Speaker labels ("Moderator:", "Q:") open turns and are never words.
 * - Stage directions are not speech, so they are not words at all: anything in square brackets
 *   ("[applause]", "[the Allies]") and parentheticals that read like a direction ("(inaudible)",
 *   "(Laughter)", "(speaks in French)"). Other parentheticals ("(NATO)") are spoken and kept.
 * - Tokens with nothing speakable: dashes and ellipses are kept with `spoken: ""` (captions show
 *   them, the aligner skips them); other symbol-only tokens (bullets "•", "|", emoji) are dropped.
 * - Paragraphs break at blank lines and turns; inside a block, each line is a paragraph unless the
 *   block is hard-wrapped (most lines stop mid-sentence near the block's full width).
 */
import type { Paragraph, SpeakerTurn, Transcript, TranscriptWord } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { assertTranscriptHasLetters, assertTranscriptIsText } from './input.js';
import { guessSpeakerRole, matchSpeakerLabel, type LabelMatch } from './labels.js';
import { endsSentence } from './sentences.js';
import { cleanTokenChars, spokenForm } from './spoken.js';

export type TranscriptSource = Transcript['source'];

export interface ParseTranscriptOptions {
  /** Language tag of the text, default `en`; decides how spoken forms are made. */
  language?: string;
  /** Force the input form; by default it is detected ("Transcript continues:" → description, labels → labelled). */
  source?: TranscriptSource;
  /** Label for the words before the first label line (e.g. the speaker named in a description). */
  speakerLabel?: string | null;
  /** File name, only for error messages. */
  path?: string;
}

/** Where the transcript sits inside a YouTube description. */
export interface DescriptionTranscriptSpan {
  /** Offset of the first transcript line (the speaker marker line when there is one). */
  start: number;
  /** Offset just past the transcript (the "Transcript continues:" line or the separator starts there). */
  end: number;
  /** Label of the speaker marker line ("🗣️ | NATO Secretary General:" → "NATO Secretary General"). */
  speakerLabel: string | null;
  /** URL after "Transcript continues:", or null. */
  continuesAt: string | null;
}

const CONTINUES_RE = /^[^\S\n]*Transcript continues\b[^\n]*$/im;
const SEPARATOR_RE = /^[^\S\n]*[▬═━─—_=~*\-]{5,}[^\S\n]*$/m;

/**
 * Locate the transcript in a YouTube description in the seed's form: a title and summary,
 * a speaker marker line ("🗣️ | NATO Secretary General:", the first label line), the transcript, then
 * "Transcript continues: <url>" and a separator with links. Without a marker, the transcript
 * is taken from the start; without the continuation line, up to the separator or the end.
 */
export function locateDescriptionTranscript(text: string): DescriptionTranscriptSpan {
  const cont = CONTINUES_RE.exec(text);
  const sep = SEPARATOR_RE.exec(text);
  let end = text.length;
  let continuesAt: string | null = null;
  if (cont) {
    end = cont.index;
    continuesAt = /https?:\/\/\S+/.exec(text.slice(cont.index, cont.index + cont[0].length + 400))?.[0] ?? null;
    if (continuesAt) continuesAt = continuesAt.replace(/[.,;)\]]+$/, '');
  } else if (sep) {
    end = sep.index;
  }
  let start = 0;
  let speakerLabel: string | null = null;
  for (const line of splitLines(text, 0, end)) {
    const m = matchSpeakerLabel(text.slice(line.start, line.end));
    if (m && m.strong) {
      start = line.start;
      speakerLabel = m.label;
      break;
    }
  }
  return { start, end, speakerLabel, continuesAt };
}

interface Line {
  start: number;
  end: number;
}

/** Lines of text[from, to) with their offsets; CRLF, CR, LF, U+2028/2029 all end a line. */
function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|[\r\n\u2028\u2029]/g;
  re.lastIndex = from;
  let start = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    lines.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < to) lines.push({ start, end: to });
  return lines;
}

const STAGE_DIRECTION_RE = new RegExp(
  '^(?:' +
    [
      'applause', 'laughter', 'laughs?', 'laughing', 'inaudible', 'unintelligible', 'indistinct', 'cross-?talk',
      'coughs?', 'coughing', 'music', 'silence', 'pause[sd]?', 'break', 'end', 'ends', 'sic', 'cheers', 'cheering',
      'booing', 'off[- ]mic(?:rophone)?', 'no (?:audio|sound|interpretation)', 'audio (?:cut|lost|drops?|interrupted)',
      'technical (?:difficulties|problems|issues?)', 'interruption', 'overlapping(?: speech| voices)?', 'unclear',
      'video(?: plays| clip)?', 'end of (?:transcript|video|press conference)', 'transcript ends', 'continued',
      'as delivered', 'check against delivery', 'unofficial translation', 'transcript',
      '(?:speaks?|speaking|answers?|answering|answered|continues?|continuing|replies|replied|asks?|asked|' +
        'interpretation|interpreted|translation|translated|inaudible question|question|questions|statement|' +
        'remarks?|response|reply)(?:\\s+(?:in|from|into|to|by)\\s+[\\p{L} ]+)?',
      'in (?:english|french|german|spanish|italian|ukrainian|russian|polish|dutch|portuguese|turkish|\\p{L}+ language)',
      '\\?+', '…', '\\.\\.\\.', '[\\p{L} ]*\\binaudible\\b[\\p{L} ]*',
    ].join('|') +
    ')[.!]?$',
  'iu',
);

/** Character ranges of stage directions in text[from, to): all [brackets], direction-like (parentheses). */
export function findStageDirections(text: string, from = 0, to = text.length): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(/\[[^[\]\r\n]{0,120}\]/g)) spans.push([from + m.index, from + m.index + m[0].length]);
  for (const m of slice.matchAll(/\(([^()\r\n]{1,80})\)/g)) {
    if (STAGE_DIRECTION_RE.test(m[1].trim())) spans.push([from + m.index, from + m.index + m[0].length]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** A token kept for display though nothing is said: dashes and ellipses. */
function isDisplayPunctuation(token: string): boolean {
  return /^(?:[-\u2010-\u2015]+|\.{3}|…)[,;:.]?$/.test(cleanTokenChars(token).replace(/\.\.\./g, '...'));
}

/** Emoji or symbols that end a sentence ("morning 👋🇺🇦."): unspoken, but shown, so the full stop stays. */
function isSentenceEndingSymbols(token: string): boolean {
  return /[.!?…]["'”’)\]]*$/u.test(token) && /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{S}]/u.test(token);
}

interface LineInfo extends Line {
  label: LabelMatch | null;
  /** Where the speech on this line starts (after the label). */
  textStart: number;
  blank: boolean;
}

interface RawToken {
  text: string;
  start: number;
  end: number;
  line: number;
  paragraphBreak: boolean;
  /** Label of the turn this token opens, when it is the first token after a label. */
  newTurn: { label: string } | null;
  upperCaseRun: boolean;
}

/** Whether a block of lines is hard-wrapped prose rather than one paragraph per line. */
function isHardWrapped(text: string, block: LineInfo[]): boolean {
  if (block.length < 2) return false;
  const lengths = block.map((l) => text.slice(l.textStart, l.end).trimEnd().length);
  const width = Math.max(...lengths);
  let wrapped = 0;
  for (let i = 0; i < block.length - 1; i++) {
    const content = text.slice(block[i].textStart, block[i].end).trimEnd();
    const stopsMidSentence = !/[.!?:…"”'’)\]]$/.test(content);
    if (stopsMidSentence && lengths[i] >= 0.6 * width && lengths[i] >= 30) wrapped++;
  }
  return wrapped / (block.length - 1) > 0.5;
}

function isUpperCaseRun(line: string): boolean {
  const words = line.match(/\p{L}{2,}/gu) ?? [];
  if (words.length < 3) return false;
  const upper = words.filter((w) => w === w.toUpperCase()).length;
  return upper / words.length >= 0.8;
}

/** The seed's layout: "Transcript continues: <url>", or a separator line followed by links. */
function looksLikeDescription(text: string): boolean {
  if (CONTINUES_RE.test(text)) return true;
  const sep = SEPARATOR_RE.exec(text);
  return !!sep && /https?:\/\/\S+|\bbit\.ly\//.test(text.slice(sep.index));
}

/**
 * Parse a transcript into words (with spoken forms), speaker turns and paragraphs.
 * Throws CapsyncError when the text is binary, empty once labels are removed, or not text.
 */
export function parseTranscript(text: string, options: ParseTranscriptOptions = {}): Transcript {
  assertTranscriptIsText(text, options.path);
  const language = options.language ?? 'en';

  // A description is recognised by its layout; labelled-or-plain is settled once labels are known.
  let source: TranscriptSource | undefined = options.source ?? (looksLikeDescription(text) ? 'description' : undefined);
  let bodyStart = 0;
  let bodyEnd = text.length;
  let continuesAt: string | null | undefined;
  const initialLabel = options.speakerLabel ?? null;
  if (source === 'description') {
    const span = locateDescriptionTranscript(text);
    bodyStart = span.start;
    bodyEnd = span.end;
    continuesAt = span.continuesAt;
  }
  if (text.charCodeAt(bodyStart) === 0xfeff) bodyStart++;

  const lines: LineInfo[] = splitLines(text, bodyStart, bodyEnd).map((l) => ({
    ...l,
    // Labels are looked for unless the caller said the text is plain.
    label: options.source === 'plain' ? null : matchSpeakerLabel(text.slice(l.start, l.end)),
    textStart: l.start,
    blank: text.slice(l.start, l.end).trim() === '',
  }));
  // A weak label (one capitalised word before speech, "Rutte: Thank you") counts only when the
  // same label occurs at least twice or also in a strong form.
  const labelCounts = new Map<string, { count: number; strong: boolean }>();
  for (const l of lines) {
    if (!l.label) continue;
    const key = l.label.label.toLowerCase();
    const entry = labelCounts.get(key) ?? { count: 0, strong: false };
    entry.count++;
    entry.strong ||= l.label.strong;
    labelCounts.set(key, entry);
  }
  for (const l of lines) {
    if (!l.label) continue;
    const entry = labelCounts.get(l.label.label.toLowerCase())!;
    if (!l.label.strong && !entry.strong && entry.count < 2) l.label = null;
    else l.textStart = l.start + l.label.end;
  }

  source ??= lines.some((l) => l.label) ? 'labelled' : 'plain';

  // Paragraph breaks: blank lines and labels separate blocks; inside a block each line is a
  // paragraph unless the block is hard-wrapped.
  const lineBreaks: boolean[] = new Array(lines.length).fill(false);
  let block: number[] = [];
  const closeBlock = () => {
    if (block.length === 0) return;
    const wrapped = isHardWrapped(text, block.map((i) => lines[i]));
    block.forEach((li, k) => (lineBreaks[li] = k === 0 || !wrapped));
    block = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].blank) {
      closeBlock();
      continue;
    }
    if (lines[i].label) closeBlock();
    block.push(i);
  }
  closeBlock();

  const stage = findStageDirections(text, bodyStart, bodyEnd);
  const raw: RawToken[] = [];
  let pendingTurn: { label: string } | null = null;
  let pendingBreak = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.label) {
      pendingTurn = { label: line.label.label };
      pendingBreak = true;
    }
    if (lineBreaks[i]) pendingBreak = true;
    if (line.blank) continue;
    const upperCaseRun = isUpperCaseRun(text.slice(line.textStart, line.end));
    for (const m of text.slice(line.textStart, line.end).matchAll(/\S+/gu)) {
      const start = line.textStart + m.index;
      // Cut stage directions out of the token (a direction may touch a word: "Ukraine[applause]").
      for (const [s, e] of splitAround(start, start + m[0].length, stage)) {
        raw.push({ text: text.slice(s, e), start: s, end: e, line: i, paragraphBreak: pendingBreak, newTurn: pendingTurn, upperCaseRun });
        pendingBreak = false;
        pendingTurn = null;
      }
    }
  }

  // Spoken forms with neighbours as context, then drop tokens that are neither said nor shown.
  const kept: Array<RawToken & { spoken: string }> = [];
  let carryBreak = false;
  let carryTurn: { label: string } | null = null;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    const spoken = spokenForm(t.text, {
      language,
      prev: raw[i - 1]?.text ?? null,
      prevPrev: raw[i - 2]?.text ?? null,
      next: raw[i + 1]?.text ?? null,
      nextNext: raw[i + 2]?.text ?? null,
      upperCaseRun: t.upperCaseRun,
    });
    if (!spoken && !isDisplayPunctuation(t.text) && !isSentenceEndingSymbols(t.text)) {
      carryBreak ||= t.paragraphBreak;
      carryTurn = t.newTurn ?? carryTurn;
      continue;
    }
    kept.push({ ...t, spoken, paragraphBreak: t.paragraphBreak || carryBreak, newTurn: t.newTurn ?? carryTurn });
    carryBreak = false;
    carryTurn = null;
  }

  const spokenWords = kept.filter((t) => t.spoken !== '');
  if (spokenWords.length === 0) {
    const where = options.path ? `: ${options.path}` : '';
    throw new CapsyncError(
      'TRANSCRIPT_EMPTY',
      `the transcript is empty: no words to align after removing speaker labels, stage directions and blank lines${where}`,
    );
  }
  assertTranscriptHasLetters(raw.map((t) => t.text).join(' '), options.path);

  const words: TranscriptWord[] = [];
  const turns: SpeakerTurn[] = [];
  const paragraphs: Paragraph[] = [];
  let sentence = -1;
  for (let i = 0; i < kept.length; i++) {
    const t = kept[i];
    const index = words.length;
    if (t.newTurn || turns.length === 0) {
      const label = t.newTurn ? t.newTurn.label : initialLabel;
      turns.push({ index: turns.length, label, role: label === null ? null : guessSpeakerRole(label), firstWord: index, lastWord: index });
    }
    const newParagraph = t.paragraphBreak || t.newTurn !== null || paragraphs.length === 0;
    if (newParagraph) paragraphs.push({ index: paragraphs.length, firstWord: index, lastWord: index });
    const prev = kept[i - 1];
    if (newParagraph || !prev || endsSentence(prev.text, t.text)) sentence++;
    words.push({
      index,
      text: t.text,
      spoken: t.spoken,
      paragraph: paragraphs.length - 1,
      sentence,
      turn: turns.length - 1,
      charStart: t.start,
      charEnd: t.end,
    });
    turns[turns.length - 1].lastWord = index;
    paragraphs[paragraphs.length - 1].lastWord = index;
  }

  const transcript: Transcript = { words, turns, paragraphs, language, source };
  if (source === 'description') transcript.continuesAt = continuesAt ?? null;
  return transcript;
}

/** Pieces of [start, end) outside the given sorted spans. */
function splitAround(start: number, end: number, spans: Array<[number, number]>): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let cursor = start;
  for (const [s, e] of spans) {
    if (e <= cursor || s >= end) continue;
    if (s > cursor) pieces.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < end) pieces.push([cursor, end]);
  return pieces;
}
