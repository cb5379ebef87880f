/**
 * The transcript excerpt of a press-conference description: the speech after a speaker
 * marker line ("🗣 | NATO Secretary General:") up to "Transcript continues: URL", or up to
 * the link list / divider when there is no such line.
 */
import type { DescriptionLink } from './types.js';
import { type DescriptionView, cleanSlice, makeView } from './textView.js';
import { extractLinks, isSuspiciousLink, isTranscriptLabel } from './links.js';
import {
  isChapterHeading,
  isDivider,
  isHashtagLine,
  leadingEmoji,
  looksLikeProse,
  looksLikeSpeakerLabel,
  parseTimestampLine,
  wordCount,
} from './lineShapes.js';
import { findDate } from './dates.js';

export interface DescriptionTranscriptExtract {
  text: string;
  speakerLabel: string | null;
  continuesAt: string | null;
  startOffset: number;
  endOffset: number;
}

/** Where the excerpt sits among the description's lines (for buildDescription and parseDescription). */
export interface ExcerptLayout extends DescriptionTranscriptExtract {
  /** Line of the speaker marker / "Transcript:" heading, or null. */
  markerLine: number | null;
  firstLine: number;
  lastLine: number;
  /** Line holding the "Transcript continues" link (or its label), or null. */
  continuesLine: number | null;
  /** Other speaker label lines inside the excerpt ("Moderator:"). */
  innerLabels: string[];
}

/** Emoji-marked speaker line: "🗣 | NATO Secretary General:" (text may follow the colon). */
const EMOJI_MARKER_RE = /^(?:[|:\-–—•·>»›]\s*)?(\S.{0,119}?)\s*[:：]\s*(.*)$/su;
/** Speech emoji that mark a speaker even without a colon. */
const SPEECH_EMOJI = /^(?:🗣|🎙|🎤|💬|👤|🗨|📢)/u;
/** A bare label line: "Moderator:", "NATO Secretary General:", "Q:". */
const BARE_LABEL_RE = /^([^:：]{1,80}?)\s*[:：]$/u;
/**
 * Label lines are short: the patterns run on the trimmed line and only below this length, so a
 * line of 200,000 spaces costs one pass, not a backtracking search (seconds to minutes).
 */
const MAX_LABEL_LINE = 200;

function bareLabel(line: string): RegExpExecArray | null {
  const t = line.trim();
  return t.length <= MAX_LABEL_LINE ? BARE_LABEL_RE.exec(t) : null;
}

function emojiMarker(rest: string): RegExpExecArray | null {
  return EMOJI_MARKER_RE.exec(rest.trim());
}
/** "Transcript:" / "Full transcript below:" headings without a link. */
const TRANSCRIPT_HEADING_RE =
  /^\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)*[|\-–—]?\s*(?:full\s+|complete\s+)?(?:transcript|transcription|transkript|transcripci[oó]n|trascrizione|transcri[cç][aã]o|стенограмма|текст)(?:\s+(?:below|follows|excerpt))?\s*[:：]?\s*$/iu;

interface Marker {
  line: number;
  label: string | null;
  /** Offset where the speech starts (after the marker line, or after its colon when text follows on the same line). */
  textStart: number;
}

function markerAt(v: DescriptionView, i: number, hasLink: (line: number) => boolean, isFirstLine: boolean): Marker | null {
  const line = v.lines[i];
  const t = line.text;
  if (!t.trim()) return null;
  const emoji = leadingEmoji(t);
  if (emoji) {
    const rest = t.slice(t.indexOf(emoji) + emoji.length);
    const m = emojiMarker(rest);
    if (m && !/https?:|www\./i.test(m[1]) && looksLikeSpeakerLabel(m[1], false)) {
      const label = m[1].trim();
      const inline = m[2].trim();
      if (inline) {
        // "🗣 | NATO Secretary General: Good afternoon. …" — the speech starts on the marker line.
        // Not on the title line ("🎙️ Show — S3E7: Episode title"), and it must read as speech.
        const speech = inline.replace(/(?:https?:\/\/|www\.)\S+/gi, '');
        if (!isFirstLine && !/^(?:https?:|www\.|mailto:)/i.test(inline) && wordCount(speech) >= 6) {
          return { line: i, label, textStart: line.start + (t.trimEnd().length - m[2].length) };
        }
        return null;
      }
      if (!hasLink(i) && followedByProse(v, i, hasLink)) return { line: i, label, textStart: nextLineStart(v, i) };
    }
    if (!m && SPEECH_EMOJI.test(emoji)) {
      const label = rest.replace(/^[\s|\-–—•·>»›]+/u, '').trim();
      if (label && looksLikeSpeakerLabel(label, false) && followedByProse(v, i, hasLink)) return { line: i, label, textStart: nextLineStart(v, i) };
    }
    return null;
  }
  if (hasLink(i)) return null;
  if (t.trim().length <= MAX_LABEL_LINE && TRANSCRIPT_HEADING_RE.test(t.trim())) return { line: i, label: null, textStart: nextLineStart(v, i) };
  const bare = bareLabel(t);
  if (bare && looksLikeSpeakerLabel(bare[1]) && followedByProse(v, i, hasLink, 5)) {
    return { line: i, label: bare[1].trim(), textStart: nextLineStart(v, i) };
  }
  return null;
}

function nextLineStart(v: DescriptionView, i: number): number {
  return i + 1 < v.lines.length ? v.lines[i + 1].start : v.lines[i].end;
}

/** Speech follows line i: the next few non-empty lines, up to a link/divider/…, hold enough words ("Good afternoon," alone is short). */
function followedByProse(v: DescriptionView, i: number, hasLink: (line: number) => boolean, minWords = 4): boolean {
  let words = 0;
  let seen = 0;
  for (let j = i + 1; j < v.lines.length && seen < 3; j++) {
    const t = v.lines[j].text.trim();
    if (!t) continue;
    if (hasLink(j) || !looksLikeProse(t, 1)) break;
    if (seen === 0 && /[:：]$/.test(t)) return false; // a heading, not speech
    seen++;
    words += wordCount(t);
  }
  return seen > 0 && words >= minWords;
}

/** A line that ends the prose part of a description: divider, link, hashtag, timestamp or "Chapters:" line. */
function isStopLine(v: DescriptionView, i: number, hasLink: (line: number) => boolean): boolean {
  const t = v.lines[i].text.trim();
  if (!t) return false;
  return isDivider(t) || hasLink(i) || isHashtagLine(t) || parseTimestampLine(t) !== null || isChapterHeading(t);
}

/**
 * Lines at the top that are title/subtitle rather than speech: the first line, the line right
 * under it (no blank between), and short date-bearing lines.
 */
function headerLineCount(v: DescriptionView, from: number, until: number): number {
  let i = from;
  while (i < until && !v.lines[i].text.trim()) i++;
  if (i >= until) return i;
  i++; // the title
  if (i < until && v.lines[i].text.trim() && v.lines[i].text.trim().length <= 400) i++; // the subtitle
  while (i < until) {
    const t = v.lines[i].text.trim();
    if (!t) {
      i++;
      continue;
    }
    if (t.length <= 300 && findDate(t)) {
      i++;
      continue;
    }
    break;
  }
  return i;
}

/** Lay the excerpt out over the description's lines; the shared core of the public functions. */
export function locateExcerpt(v: DescriptionView, links: readonly DescriptionLink[]): ExcerptLayout | null {
  const linkLines = new Set(links.map((l) => l.line - 1));
  const hasLink = (i: number): boolean => linkLines.has(i);
  // A look-alike or disguised host is never taken as where the transcript continues.
  const continuesLink = links.find((l) => l.safe && !isSuspiciousLink(l) && l.kind === 'transcript' && isTranscriptLabel(l.label));
  let continuesLine: number | null = null;
  let limit = v.lines.length; // first line not part of the excerpt
  let inlineEnd: number | null = null; // offset when "Transcript continues:" shares a line with speech
  if (continuesLink) {
    const li = continuesLink.line - 1;
    continuesLine = li;
    if (continuesLink.labelSource === 'previous-line') {
      continuesLine = li - 1;
      limit = li - 1;
    } else {
      limit = li;
      const labelAt = continuesLink.label ? v.view.lastIndexOf(continuesLink.label.slice(0, 20), continuesLink.start) : -1;
      const lineStart = v.lines[li].start;
      if (labelAt > lineStart && v.view.slice(lineStart, labelAt).trim()) {
        inlineEnd = labelAt;
        limit = li + 1;
      }
    }
  }

  // The speaker marker: the first one before the limit.
  let marker: Marker | null = null;
  const firstNonBlank = v.lines.findIndex((l) => l.text.trim() !== '');
  for (let i = 0; i < limit; i++) {
    marker = markerAt(v, i, hasLink, i === firstNonBlank);
    if (marker) break;
  }
  if (!marker && !continuesLink) return null;

  let firstLine: number;
  let startOffset: number;
  if (marker) {
    startOffset = marker.textStart;
    firstLine = marker.textStart < v.lines[marker.line].end ? marker.line : marker.line + 1;
  } else {
    // No marker: the prose block that ends at the continues line, minus title/date lines at the top.
    let top = limit - 1;
    while (top >= 0 && !isStopLine(v, top, hasLink)) top--;
    firstLine = headerLineCount(v, top + 1, limit);
    while (firstLine < limit && !v.lines[firstLine].text.trim()) firstLine++;
    if (firstLine >= limit) return null;
    startOffset = v.lines[firstLine].start;
  }

  // The speech runs until the continues line, or the first divider / link / hashtag / timestamp
  // line / link-list heading, whichever comes first. A continues link sharing a line with speech
  // is not a stop: the excerpt ends just before its label.
  let lastLine = firstLine - 1;
  for (let i = firstLine; i < limit; i++) {
    const inlineContinues = inlineEnd !== null && i === limit - 1;
    if (!inlineContinues && isStopLine(v, i, hasLink)) break;
    if (i > firstLine && linkSectionHeading(v, i, hasLink)) break;
    lastLine = i;
  }
  while (lastLine >= firstLine && !v.lines[lastLine].text.trim()) lastLine--;
  if (lastLine < firstLine) return null;
  const endsInline = inlineEnd !== null && lastLine === limit - 1;
  let endOffset = endsInline ? inlineEnd! : v.lines[lastLine].end;
  // Trim trailing spaces (incl. a CRLF's CR) and leading spaces.
  while (endOffset > startOffset && /\s/.test(v.view[endOffset - 1])) endOffset--;
  while (startOffset < endOffset && /\s/.test(v.view[startOffset])) startOffset++;
  if (endOffset <= startOffset) return null;
  const text = cleanSlice(v.source, startOffset, endOffset).replace(/[ \t]+$/gm, '');
  if (wordCount(text) === 0) return null;

  const innerLabels: string[] = [];
  for (let i = firstLine; i <= lastLine; i++) {
    if (marker && i === marker.line) continue;
    const m = bareLabel(v.lines[i].text);
    if (m && looksLikeSpeakerLabel(m[1])) innerLabels.push(m[1].trim());
    else {
      const e = leadingEmoji(v.lines[i].text);
      if (e) {
        const em = emojiMarker(v.lines[i].text.slice(v.lines[i].text.indexOf(e) + e.length));
        if (em && looksLikeSpeakerLabel(em[1], false)) innerLabels.push(em[1].trim());
      }
    }
  }
  return {
    text,
    speakerLabel: marker?.label ?? innerLabels[0] ?? null,
    continuesAt: continuesLink?.url ?? null,
    startOffset,
    endOffset,
    markerLine: marker?.line ?? null,
    firstLine,
    lastLine,
    continuesLine,
    innerLabels,
  };
}

/** "Links:" / "Connect with NATO online:" — a heading whose next non-empty line holds a link. */
export function linkSectionHeading(v: DescriptionView, i: number, hasLink: (line: number) => boolean): boolean {
  const t = v.lines[i].text.trim();
  if (!t || hasLink(i) || t.length > 100 || !/[:：]\s*$/.test(t)) return false;
  for (let j = i + 1; j < v.lines.length; j++) {
    const n = v.lines[j].text.trim();
    if (!n) continue;
    return hasLink(j) || /^[-*•·▪►▶→]\s*\S/u.test(n);
  }
  return false;
}

/**
 * The transcript excerpt of a description, or null when it has no transcript-like section
 * (neither a speaker marker followed by speech nor a "Transcript continues" link).
 * `startOffset`/`endOffset` index into `description`; `text` is that slice with CRLF → LF and
 * control characters removed.
 */
export function extractTranscriptFromDescription(description: string): DescriptionTranscriptExtract | null {
  if (typeof description !== 'string' || description.trim() === '') return null;
  const v = makeView(description);
  const layout = locateExcerpt(v, extractLinks(v));
  if (!layout) return null;
  const { text, speakerLabel, continuesAt, startOffset, endOffset } = layout;
  return { text, speakerLabel, continuesAt, startOffset, endOffset };
}

