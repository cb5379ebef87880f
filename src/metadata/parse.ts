/**
 * parseDescription: a YouTube description → DescriptionMetadata (schemas/metadata.schema.json).
 * Pure and offline: short links are flagged, never followed (see resolveLinks.ts for the opt-in).
 */
import {
  DESCRIPTION_METADATA_SCHEMA_VERSION,
  type DescriptionEmojiLine,
  type DescriptionHashtag,
  type DescriptionMention,
  type DescriptionMetadata,
  type DescriptionTimestamp,
  type DescriptionWarning,
} from './types.js';
import { layoutDescription } from './layout.js';
import { cleanSlice, countCodePoints, lineAt, stripControls, utf8Bytes } from './textView.js';
import { HASHTAG_RE, MENTION_RE, leadingEmoji, parseTimestampLine, wordCount } from './lineShapes.js';
import { findBrokenLinks, isSuspiciousLink } from './links.js';
import { MONTH_NAME_RE, findDate } from './dates.js';
import { findEvent, findPlace, findSpeakers } from './header.js';

/** YouTube's published limits for a description. */
export const YOUTUBE_DESCRIPTION_MAX_BYTES = 5000;
export const YOUTUBE_MAX_HASHTAGS = 15;


export function parseDescription(text: string): DescriptionMetadata {
  const source = typeof text === 'string' ? text : '';
  const { view: v, links, excerpt, roles } = layoutDescription(source);
  // From the source, so a control character disappears instead of becoming a space.
  const lineText = (i: number): string => cleanSlice(source, v.lines[i].start, v.lines[i].end).replace(/\s+/g, ' ').trim();
  const titleLine = roles.indexOf('title');
  const subtitleLine = roles.indexOf('subtitle');
  // Markdown emphasis around a whole line ("**Title**") is decoration, not text.
  const unwrap = (s: string): string => s.replace(/^(\*\*|__|\*|_)(.+)\1$/u, '$2').trim();
  const title = titleLine >= 0 ? unwrap(lineText(titleLine)) : null;
  const subtitle = subtitleLine >= 0 ? unwrap(lineText(subtitleLine)) : null;

  // Summary: prose paragraphs outside header and excerpt.
  const paragraphs: string[] = [];
  let current: string[] = [];
  roles.forEach((role, i) => {
    if (role === 'prose') current.push(lineText(i));
    else if (current.length) {
      paragraphs.push(current.join('\n'));
      current = [];
    }
  });
  if (current.length) paragraphs.push(current.join('\n'));
  const summary = paragraphs.length ? paragraphs.join('\n\n') : null;

  const headerLines = [title, subtitle, ...paragraphs].filter((s): s is string => !!s);
  const warnings: DescriptionWarning[] = [];

  let date: string | null = null;
  let dateText: string | null = null;
  for (const line of headerLines) {
    const d = findDate(line);
    if (!d) continue;
    date = d.iso;
    dateText = d.raw;
    if (d.ambiguous) warnings.push({ code: 'ambiguous-date', message: `"${d.raw}" could be day-first or month-first; read as ${d.iso}`, position: null });
    break;
  }
  const event = findEvent([title, subtitle].filter((s): s is string => !!s));
  const place =
    findPlace([subtitle, title].filter((s): s is string => !!s), MONTH_NAME_RE) ??
    // In the summary only where the sentence says so ("Recorded in Lyon"), not any "in Europe".
    findPlace(
      paragraphs.flatMap((p) => [...p.matchAll(/(?<![\p{L}])(?:recorded|filmed|held|hosted|live|taking place|took place|speaking)\s+(?:in|at)\s+[^.,;\n]+/giu)].map((m) => m[0].replace(/\s+at\s+/iu, ' in '))),
      MONTH_NAME_RE,
    );
  const labels = excerpt ? [excerpt.speakerLabel, ...excerpt.innerLabels].filter((s): s is string => !!s) : [];
  const speakers = findSpeakers(labels, headerLines);

  const inLink = (start: number, end: number): boolean => links.some((l) => start < l.end && end > l.start);

  const hashtagMatches: Array<Omit<DescriptionHashtag, 'shownAboveTitle'>> = [];
  for (const m of v.view.matchAll(HASHTAG_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (inLink(start, end)) continue;
    hashtagMatches.push({ raw: m[0], tag: m[1], start, end, line: lineAt(v.lines, start) + 1 });
  }
  const distinct: string[] = [];
  for (const h of hashtagMatches) {
    const key = h.tag.normalize('NFC').toLocaleLowerCase();
    if (!distinct.includes(key)) distinct.push(key);
  }
  const tooMany = distinct.length > YOUTUBE_MAX_HASHTAGS;
  const shown = new Set(tooMany ? [] : distinct.slice(0, 3));
  const flagged = new Set<string>();
  const hashtags: DescriptionHashtag[] = hashtagMatches.map((h) => {
    const key = h.tag.normalize('NFC').toLocaleLowerCase();
    const first = shown.has(key) && !flagged.has(key);
    if (first) flagged.add(key);
    return { ...h, shownAboveTitle: first };
  });
  if (tooMany) {
    warnings.push({
      code: 'too-many-hashtags',
      message: `${distinct.length} distinct hashtags: YouTube ignores all hashtags of a description with more than ${YOUTUBE_MAX_HASHTAGS}`,
      position: null,
    });
  }

  const mentions: DescriptionMention[] = [];
  for (const m of v.view.matchAll(MENTION_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (inLink(start, end)) continue;
    mentions.push({ raw: m[0], handle: m[1], start, end, line: lineAt(v.lines, start) + 1 });
  }

  const emojiLines: DescriptionEmojiLine[] = [];
  const timestamps: DescriptionTimestamp[] = [];
  v.lines.forEach((line, i) => {
    const emoji = leadingEmoji(line.text);
    if (emoji) {
      const rest = line.text.slice(line.text.indexOf(emoji) + emoji.length).replace(/^[\s|\-–—•·:>»›]+/u, '');
      emojiLines.push({ line: i + 1, start: line.start + line.text.indexOf(emoji), emoji, text: stripControls(rest).trim() });
    }
    const ts = parseTimestampLine(line.text);
    if (ts && roles[i] !== 'transcript') timestamps.push({ start: ts.start, title: stripControls(ts.title).trim(), line: i + 1 });
  });

  const bytes = utf8Bytes(source);
  if (bytes > YOUTUBE_DESCRIPTION_MAX_BYTES) {
    warnings.push({ code: 'over-byte-limit', message: `${bytes} UTF-8 bytes: YouTube accepts at most ${YOUTUBE_DESCRIPTION_MAX_BYTES}`, position: null });
  }
  const angle = v.view.search(/[<>]/);
  if (angle >= 0) warnings.push({ code: 'angle-brackets', message: 'contains "<" or ">", which YouTube rejects in descriptions', position: angle });
  if (v.controlCount > 0) {
    warnings.push({ code: 'control-characters', message: `${v.controlCount} control or bidi-override character(s) ignored`, position: v.firstControl });
  }
  for (const l of links) {
    if (!l.safe) warnings.push({ code: 'unsafe-link', message: `unsafe ${l.scheme}: link on line ${l.line} was not treated as a URL`, position: l.start });
    else if (isSuspiciousLink(l)) {
      const why = l.problems.includes('credentials-in-url')
        ? `goes to ${l.hostname} (the part before "@" is only a user name)`
        : l.problems.includes('look-alike-domain')
          ? `imitates a domain with look-alike letters (really ${l.hostname})`
          : `has an internationalized domain (really ${l.hostname})`;
      warnings.push({ code: 'suspicious-link', message: `link "${clip(l.raw)}" on line ${l.line} ${why}; it is not used as the transcript's source`, position: l.start });
    } else if (l.problems.includes('unknown-domain')) warnings.push({ code: 'broken-link', message: `link "${clip(l.raw)}" on line ${l.line} has no known domain`, position: l.start });
  }
  for (const b of findBrokenLinks(v.view, links)) {
    warnings.push({ code: 'broken-link', message: `"${clip(b.raw)}" on line ${lineAt(v.lines, b.start) + 1} is not a usable link`, position: b.start });
  }

  return {
    schemaVersion: DESCRIPTION_METADATA_SCHEMA_VERSION,
    title,
    subtitle,
    summary,
    event,
    date,
    dateText,
    place,
    speakers,
    transcript: excerpt
      ? {
          text: excerpt.text,
          speakerLabel: excerpt.speakerLabel,
          sourceUrl: excerpt.continuesAt,
          startOffset: excerpt.startOffset,
          endOffset: excerpt.endOffset,
          wordCount: wordCount(excerpt.text),
        }
      : null,
    links,
    hashtags,
    mentions,
    emojiLines,
    timestamps,
    length: { characters: countCodePoints(source), utf8Bytes: bytes, lines: source === '' ? 0 : v.lines.length },
    warnings,
  };
}

function clip(s: string): string {
  const c = stripControls(s);
  return c.length > 60 ? `${c.slice(0, 57)}…` : c;
}

