/**
 * Caption writers: WebVTT (plain text, as YouTube wants it), SRT and a JSON of cues.
 * Writers refuse cues that would make an invalid file rather than silently fixing them;
 * payload text is escaped only as far as the format requires, so it displays exactly.
 */
import type { Cue } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { formatCaptionTimestamp } from './timestamp.js';

export interface VttRenderOptions {
  /** Wrap each cue's text in a `<v Speaker>` span (from Cue.speaker, else Cue.speakerChange). */
  voiceSpans?: boolean;
}

interface TimedLines {
  startMs: number;
  endMs: number;
  lines: string[];
  cue: Cue;
}

/**
 * Characters that change how text displays without being seen: the bidi embeddings, overrides
 * and isolates (U+202E turns "gnp.exe" around: "Trojan source"), and C0/C1 controls. They never
 * belong in a caption; the marks U+200E/U+200F stay (right-to-left text needs them).
 */
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** Times in whole milliseconds and non-empty single-line payload lines; throws on invalid timing. */
function prepare(cues: readonly Cue[], escape: (line: string) => string): TimedLines[] {
  const out: TimedLines[] = [];
  let prevStart = -Infinity;
  cues.forEach((cue, i) => {
    const startMs = Math.round(cue.start * 1000);
    const endMs = Math.round(cue.end * 1000);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs < 0) {
      throw new CapsyncError('CAPTION_TIME', `caption cue ${i + 1} has an invalid time (${cue.start} → ${cue.end})`);
    }
    if (endMs <= startMs) throw new CapsyncError('CAPTION_TIME', `caption cue ${i + 1} ends before it starts (${cue.start} → ${cue.end})`);
    if (startMs < prevStart) throw new CapsyncError('CAPTION_ORDER', `caption cue ${i + 1} starts before the cue before it`);
    prevStart = startMs;
    // A payload line may hold neither a line break nor (being blank) end the cue early.
    const lines = cue.lines
      .flatMap((line) => line.split(/\r\n|\r|\n/u))
      .map((line) => line.replace(INVISIBLE_CONTROLS, '').replace(/\s+/gu, ' ').trim())
      .filter((line) => line !== '')
      .map(escape);
    if (lines.length > 0) out.push({ startMs, endMs, lines, cue });
  });
  return out;
}

/** `&` and `<` would start markup in WebVTT; `>` only matters inside `-->`. */
function escapeVtt(line: string): string {
  return line.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/-->/gu, '--&gt;');
}

/**
 * SRT has no escapes, and players read `<i>`, `<font …>` (some any tag) as markup: a tag's angle
 * brackets become the look-alike ‹ › (and any other `<` too) so "<script>" shows as text, as it
 * does in the WebVTT file; a lone `>` (the ">>" speaker marker) is no markup and stays. A word
 * joiner (invisible) keeps an arrow in the text from reading as a timing line.
 */
function escapeSrt(line: string): string {
  return line
    .replace(/<([^<>]*)>/gu, '‹$1›')
    .replace(/</gu, '‹')
    .replace(/-->/gu, '--\u2060>');
}

function voiceName(cue: Cue): string {
  const name = cue.speaker ?? (cue.speakerChange || null);
  return name ? name.replace(/[<>&\r\n]/gu, ' ').replace(/\s+/gu, ' ').trim() : '';
}

/** A WebVTT file: `WEBVTT` header, blank line, then cues with `hh:mm:ss.ttt` times and no settings. */
export function renderVtt(cues: readonly Cue[], options: VttRenderOptions = {}): string {
  const blocks = prepare(cues, escapeVtt).map(({ startMs, endMs, lines, cue }) => {
    const name = options.voiceSpans ? voiceName(cue) : '';
    const text = name ? [`<v ${name}>${lines[0]}`, ...lines.slice(1)] : lines;
    return `${formatCaptionTimestamp(startMs, '.')} --> ${formatCaptionTimestamp(endMs, '.')}\n${text.join('\n')}\n`;
  });
  return ['WEBVTT\n', ...blocks].join('\n');
}

/** A SubRip file: numbered cues with `hh:mm:ss,ttt` times. */
export function renderSrt(cues: readonly Cue[]): string {
  return prepare(cues, escapeSrt)
    .map(({ startMs, endMs, lines }, i) =>
      `${i + 1}\n${formatCaptionTimestamp(startMs, ',')} --> ${formatCaptionTimestamp(endMs, ',')}\n${lines.join('\n')}\n`,
    )
    .join('\n');
}

/** Cues as JSON (times in seconds to the millisecond, text as displayed). */
export function renderCuesJson(cues: readonly Cue[]): string {
  const rows = cues.map((cue) => ({
    start: Math.round(cue.start * 1000) / 1000,
    end: Math.round(cue.end * 1000) / 1000,
    lines: cue.lines,
    speakerChange: cue.speakerChange,
    speaker: cue.speaker ?? null,
    firstWord: cue.firstWord,
    lastWord: cue.lastWord,
    confidence: Math.round(cue.confidence * 1000) / 1000,
  }));
  return `${JSON.stringify({ cues: rows }, null, 2)}\n`;
}
