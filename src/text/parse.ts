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
  /** Labels the source marked as speaker labels (bold in a web page): a line starting with one and a colon opens a turn, whatever its wording. */
  labels?: readonly string[];
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

/** "Transcript continues: <url>", and the same line in French ("La transcription se poursuit :", "Suite de la transcription :"). */
const CONTINUES_RE = /^[^\S\n]*(?:Transcript continues|(?:La )?transcription (?:se poursuit|continue|complète)|Suite de la transcription)(?![\p{L}])[^\n]*$/imu;
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
      // French transcripts: "(Applaudissements)", "(Rires)", "(en anglais)", "(Seul le texte prononcé fait foi)".
      'applaudissements?', 'rires?', 'musique', 'pause', 'fin', 'suite', 'interruption', 'coupure', 'inaudibles?', 'incompréhensible',
      'en (?:anglais|français|allemand|espagnol|italien|ukrainien|russe|polonais|néerlandais|portugais|turc)',
      '(?:interprétation|traduction|traduit|interprété)(?:\\s+(?:de|du|depuis|vers|en)\\s+[\\p{L} ]+)?',
      'seul le texte prononcé fait foi', 'tel que prononcé', 'texte prononcé', 'sous réserve de modifications', 'version prononcée',
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

/** Marks a French text sets after a space: they join the word before them. */
const CLOSING_MARK = /^[?!:;»›]+[.,]?$/u;
/** Marks that open onto the next word ("« Bonjour"). */
const OPENING_MARK = /^[«‹¿¡]$/u;

/** The space between two joined tokens: a no-break space as written (U+00A0 or the narrow U+202F), else U+00A0. */
function spaceBefore(text: string, from: number, to: number): string {
  const gap = text.slice(from, to);
  return /^[\u00a0\u202f]$/.test(gap) ? gap : '\u00a0';
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

  const known = knownLabelMatcher(options.labels ?? []);
  const lines: LineInfo[] = splitLines(text, bodyStart, bodyEnd).map((l) => {
    const line = text.slice(l.start, l.end);
    // Labels are looked for unless the caller said the text is plain.
    const label = options.source === 'plain' ? null : (known(line) ?? matchSpeakerLabel(line));
    return { ...l, label, textStart: l.start, blank: line.trim() === '' };
  });
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
  // French typography sets "?", "!", ":", ";" and "»" apart with a space ("d'ici 2030 ?") and
  // "«" before a word: such a mark belongs to its word, joined by a no-break space as written.
  let opening: RawToken | null = null;
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
    const prev = kept[kept.length - 1];
    if (!spoken && CLOSING_MARK.test(t.text) && prev && prev.line === t.line && !t.newTurn && prev.spoken !== '') {
      prev.text = `${prev.text}${spaceBefore(text, prev.end, t.start)}${t.text}`;
      prev.end = t.end;
      continue;
    }
    if (!spoken && OPENING_MARK.test(t.text) && raw[i + 1]?.line === t.line) {
      opening = t;
      continue;
    }
    if (opening && opening.line === t.line && spoken) {
      kept.push({
        ...t,
        text: `${opening.text}${spaceBefore(text, opening.end, t.start)}${t.text}`,
        start: opening.start,
        spoken,
        paragraphBreak: t.paragraphBreak || opening.paragraphBreak || carryBreak,
        newTurn: t.newTurn ?? opening.newTurn ?? carryTurn,
      });
      opening = null;
      carryBreak = false;
      carryTurn = null;
      continue;
    }
    if (opening) {
      carryBreak ||= opening.paragraphBreak;
      carryTurn = opening.newTurn ?? carryTurn;
      opening = null;
    }
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

/** A matcher for lines that start with one of the given labels and a colon ("Question [Reuters]:"). */
function knownLabelMatcher(labels: readonly string[]): (line: string) => LabelMatch | null {
  const clean = [...new Set(labels.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (clean.length === 0) return () => null;
  return (line) => {
    const labelStart = line.length - line.trimStart().length;
    const rest = line.slice(labelStart).replace(/\s+/g, ' ');
    for (const label of clean) {
      if (!rest.startsWith(label)) continue;
      const colon = /^\s*[:：]/u.exec(line.slice(labelStart).slice(rawLength(line.slice(labelStart), label.length)));
      if (!colon) continue;
      const end = labelStart + rawLength(line.slice(labelStart), label.length) + colon[0].length;
      return { label, labelStart, end, inline: line.slice(end).trim() !== '', strong: true };
    }
    return null;
  };
}

/** How many characters of `raw` make up its first `collapsedLength` characters once runs of space are collapsed. */
function rawLength(raw: string, collapsedLength: number): number {
  let seen = 0;
  let i = 0;
  while (i < raw.length && seen < collapsedLength) {
    if (/\s/.test(raw[i])) {
      while (i + 1 < raw.length && /\s/.test(raw[i + 1])) i++;
    }
    i++;
    seen++;
  }
  return i;
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
