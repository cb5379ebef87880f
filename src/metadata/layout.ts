/**
 * The parts of a description, line by line: header (title, subtitle), summary prose, the
 * transcript excerpt, chapters, and the tail (link list, dividers, hashtags). parseDescription
 * reads facts from it; buildDescription uses it to decide where the chapters block goes.
 */
import type { DescriptionLink } from './types.js';
import { type DescriptionView, makeView } from './textView.js';
import { extractLinks } from './links.js';
import { type ExcerptLayout, linkSectionHeading, locateExcerpt } from './transcriptExcerpt.js';
import { isChapterHeading, isDivider, isHashtagLine, looksLikeProse, parseTimestampLine } from './lineShapes.js';

export type LineRole =
  | 'blank'
  | 'title'
  | 'subtitle'
  | 'prose'
  | 'marker'
  | 'transcript'
  | 'continues'
  | 'chapterHeading'
  | 'timestamp'
  | 'divider'
  | 'link'
  | 'linkHeading'
  | 'hashtags'
  | 'other';

export interface DescriptionLayout {
  view: DescriptionView;
  links: DescriptionLink[];
  excerpt: ExcerptLayout | null;
  roles: LineRole[];
  /** First line of the tail (link list, dividers, hashtags), or lines.length when there is none. */
  tailStart: number;
}

/**
 * A line that belongs to a link list: a link with a short call to action around it, or a
 * bulleted link. A long sentence that merely contains a link stays prose.
 */
function isLinkListLine(v: DescriptionView, i: number, links: readonly DescriptionLink[]): boolean {
  const onLine = links.filter((l) => l.line === i + 1);
  if (onLine.length === 0) return false;
  const line = v.lines[i];
  let rest = line.text;
  for (const l of [...onLine].reverse()) rest = rest.slice(0, l.start - line.start) + rest.slice(l.end - line.start);
  return rest.trim().length <= 100 || /^\s*[-*•·▪►▶→]/u.test(line.text);
}

export function layoutDescription(source: string): DescriptionLayout {
  const view = makeView(source);
  const links = extractLinks(view);
  const excerpt = locateExcerpt(view, links);
  const n = view.lines.length;
  const roles: LineRole[] = new Array(n).fill('other');
  const linkLines = new Set(links.map((l) => l.line - 1));
  const hasLink = (i: number): boolean => linkLines.has(i);

  for (let i = 0; i < n; i++) if (!view.lines[i].text.trim()) roles[i] = 'blank';
  if (excerpt) {
    for (let i = excerpt.firstLine; i <= excerpt.lastLine; i++) if (roles[i] !== 'blank') roles[i] = 'transcript';
    // A marker with speech on the same line ("🗣 | SG: Good afternoon") counts as transcript.
    if (excerpt.markerLine !== null && excerpt.markerLine < excerpt.firstLine) roles[excerpt.markerLine] = 'marker';
    if (excerpt.continuesLine !== null && roles[excerpt.continuesLine] !== 'transcript') roles[excerpt.continuesLine] = 'continues';
    // "Transcript continues:" on its own line, URL on the next.
    if (excerpt.continuesLine !== null && excerpt.continuesAt) {
      const urlLine = links.find((l) => l.url === excerpt.continuesAt && l.line - 1 >= excerpt.continuesLine!)?.line;
      if (urlLine !== undefined && roles[urlLine - 1] !== 'transcript') roles[urlLine - 1] = 'continues';
    }
  }

  // Header: the first non-blank line, and the one right under it, unless they are something else.
  const isPlain = (i: number): boolean => {
    const t = view.lines[i].text.trim();
    return roles[i] === 'other' && !hasLink(i) && !isDivider(t) && !isHashtagLine(t) && !parseTimestampLine(t) && !isChapterHeading(t);
  };
  let first = 0;
  while (first < n && roles[first] === 'blank') first++;
  if (first < n && isPlain(first) && view.lines[first].text.trim().length <= 150) {
    roles[first] = 'title';
    const next = first + 1;
    if (next < n && isPlain(next) && view.lines[next].text.trim().length <= 400) roles[next] = 'subtitle';
  }

  // The tail starts at the first divider / link-list line / link heading / hashtag line after
  // the header and excerpt (a "Transcript continues" line belongs to the excerpt, not the tail).
  const afterExcerpt = excerpt ? Math.max(excerpt.lastLine, excerpt.continuesLine ?? -1, ...roles.map((r, i) => (r === 'continues' ? i : -1))) + 1 : 0;
  let tailStart = n;
  for (let i = afterExcerpt; i < n; i++) {
    if (roles[i] !== 'other' && roles[i] !== 'blank') continue;
    const t = view.lines[i].text.trim();
    if (!t) continue;
    if (isDivider(t) || isHashtagLine(t) || isLinkListLine(view, i, links) || linkSectionHeading(view, i, hasLink)) {
      tailStart = i;
      break;
    }
  }

  for (let i = 0; i < n; i++) {
    if (roles[i] !== 'other') continue;
    const t = view.lines[i].text.trim();
    if (isDivider(t)) roles[i] = 'divider';
    else if (isHashtagLine(t)) roles[i] = 'hashtags';
    else if (parseTimestampLine(t)) roles[i] = 'timestamp';
    else if (isChapterHeading(t)) roles[i] = nextNonBlankIsTimestamp(view, i) ? 'chapterHeading' : 'other';
    else if (hasLink(i) && (i >= tailStart || isLinkListLine(view, i, links))) roles[i] = 'link';
    else if (linkSectionHeading(view, i, hasLink)) roles[i] = 'linkHeading';
    else if (i < tailStart && looksLikeProse(t, 1)) roles[i] = 'prose';
  }
  return { view, links, excerpt, roles, tailStart };
}

function nextNonBlankIsTimestamp(v: DescriptionView, i: number): boolean {
  for (let j = i + 1; j < v.lines.length; j++) {
    const t = v.lines[j].text.trim();
    if (t) return parseTimestampLine(t) !== null;
  }
  return false;
}
