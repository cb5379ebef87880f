/**
 * A transcript from a saved web page (nato.int's "opinions" pages and the like), read the way
 * a reader sees it. The page is parsed by parse5, the WHATWG HTML parser browsers follow, so
 * entities, unclosed paragraphs and stray markup come out as a browser would show them.
 *
 * Decisions:
 * - Page furniture is left out before anything is measured: scripts, styles, forms, `nav`,
 *   `header`, `footer`, `aside`, figures and their captions, hidden elements, ARIA landmarks
 *   other than the main content, and elements whose class or id names furniture (menu,
 *   breadcrumb, share, cookie, related…).
 * - The transcript is the deepest element holding most of the remaining prose (blocks of five
 *   words or more that are not mostly link text): a transcript may be split into sections,
 *   so the whole of that element is read, not only its longest run of paragraphs. Inside it,
 *   headings (the page title), blocks that are mostly links, and date lines are left out.
 * - A speaker label is bold text ending in a colon at the start of a block (nato.int writes
 *   `<strong>NATO Secretary General:</strong>`, sometimes with the colon outside the bold, or
 *   in a block of its own). Labels are put on their own line and returned, so the transcript
 *   parser takes them as turns even when their wording is unusual.
 * - A page with no such prose (an error page, a video page, a menu) is refused: markup is
 *   never aligned as words.
 */
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { CapsyncError } from '../util/errors.js';
import { detectBomlessUtf16 } from '../util/utf16.js';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

export interface HtmlTranscript {
  /** The transcript as text: one paragraph per block, blank lines between, labels on their own line. */
  text: string;
  /** The page's title (its `<h1>`, else `<title>`), or null. */
  title: string | null;
  /** Speaker labels found in bold, without the colon, in order of first use. */
  labels: string[];
  /** Paragraphs in `text`. */
  paragraphs: number;
  /** Words in `text` (labels included). */
  words: number;
}

/** Elements that never hold text a reader reads as the page's content. */
const NEVER_CONTENT = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
  'button', 'select', 'textarea', 'input', 'img', 'picture', 'map',
]);
/** Elements that are page furniture, unless a page wraps its whole content in one (some wrap it all in a form). */
const FURNITURE_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'menu', 'dialog', 'figure', 'figcaption', 'form', 'label']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog', 'complementary', 'alert', 'toolbar', 'tablist']);
/** Class or id words of page furniture (compared with each word of the attribute). */
const FURNITURE_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'submenu', 'megamenu', 'breadcrumb', 'breadcrumbs', 'footer', 'header', 'masthead',
  'sidebar', 'share', 'sharing', 'social', 'cookie', 'cookies', 'consent', 'banner', 'related', 'subscribe', 'newsletter',
  'skip', 'search', 'toolbar', 'pagination', 'pager', 'tags', 'caption', 'credit', 'credits', 'photo', 'gallery', 'print',
  'langswitch', 'languages', 'language', 'lang', 'subtitle', 'byline', 'dateline', 'date', 'meta', 'teaser', 'promo', 'ad',
  'ads', 'advert', 'advertisement', 'popup', 'modal', 'hidden', 'visually', 'sronly',
]);
/** Block-level elements: each starts a new block of text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'td', 'th', 'section', 'article', 'main', 'body', 'html', 'address', 'hr', 'center', 'caption',
  'nav', 'header', 'footer', 'aside', 'menu', 'dialog', 'figure', 'figcaption', 'form',
]);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BOLD_TAGS = new Set(['strong', 'b']);

/** Blocks of at least this many words (not mostly links) are prose. */
const PROSE_MIN_WORDS = 5;
/** A block whose link text is more than this share of its text is navigation, not speech. */
const MAX_LINK_SHARE = 0.5;
/** Furniture holding at least this share of the prose words is the page's content wrapper after all. */
const FURNITURE_MAX_SHARE = 0.5;
/** The transcript element holds at least this share of the page's prose words. */
const CONTAINER_SHARE = 0.8;
/** Fewer words than this and the page holds no transcript. */
const MIN_TRANSCRIPT_WORDS = 30;
/** A label is short: a name, a title, an outlet. */
const MAX_LABEL_CHARS = 100;

interface Segment {
  text: string;
  bold: boolean;
  link: boolean;
}

interface Block {
  element: Element;
  segments: Segment[];
  heading: boolean;
  /** Furniture elements around the block (menus, footers, hidden parts…), innermost last. */
  furniture: Element[];
}

function attr(el: Element, name: string): string {
  return el.attrs.find((a) => a.name === name)?.value ?? '';
}

function isElement(node: Node | ParentNode): node is Element {
  return 'tagName' in node;
}

/** Whether an element looks like page furniture by its tag, role, visibility, class or id. */
function isFurniture(el: Element): boolean {
  if (FURNITURE_TAGS.has(el.tagName)) return true;
  if (el.attrs.some((a) => a.name === 'hidden') || attr(el, 'aria-hidden') === 'true') return true;
  if (FURNITURE_ROLES.has(attr(el, 'role').toLowerCase())) return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(attr(el, 'style'))) return true;
  // Body and html carry page-wide classes ("page-header-fixed"); only what is inside them is judged.
  if (el.tagName === 'body' || el.tagName === 'html' || el.tagName === 'main' || attr(el, 'role') === 'main') return false;
  const words = `${attr(el, 'class')} ${attr(el, 'id')}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return words.some((w) => FURNITURE_WORDS.has(w));
}

/** Walk the document, cutting it into blocks of inline text, each with the furniture around it. */
function collectBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const flush = (): void => {
    if (current && current.segments.some((s) => s.text.trim() !== '')) blocks.push(current);
    current = null;
  };
  interface Context {
    blockEl: Element;
    bold: boolean;
    link: boolean;
    heading: boolean;
    furniture: Element[];
  }
  const open = (ctx: Context): Block => (current ??= { element: ctx.blockEl, segments: [], heading: ctx.heading, furniture: ctx.furniture });
  const visit = (node: Node, ctx: Context): void => {
    if (node.nodeName === '#text') {
      open(ctx).segments.push({ text: (node as DefaultTreeAdapterTypes.TextNode).value, bold: ctx.bold, link: ctx.link });
      return;
    }
    if (!isElement(node)) return;
    if (NEVER_CONTENT.has(node.tagName)) return;
    if (node.tagName === 'br') {
      open(ctx).segments.push({ text: LINE_BREAK, bold: false, link: ctx.link });
      return;
    }
    const block = BLOCK_TAGS.has(node.tagName);
    if (block) flush();
    const inner: Context = {
      blockEl: block ? node : ctx.blockEl,
      bold: ctx.bold || BOLD_TAGS.has(node.tagName),
      link: ctx.link || node.tagName === 'a',
      heading: ctx.heading || HEADING_TAGS.has(node.tagName),
      furniture: isFurniture(node) ? [...ctx.furniture, node] : ctx.furniture,
    };
    for (const child of node.childNodes) visit(child, inner);
    if (block) flush();
  };
  for (const child of root.childNodes) visit(child, { blockEl: root, bold: false, link: false, heading: false, furniture: [] });
  flush();
  return blocks;
}

/** What a `<br>` leaves in a block's text (a line break in the source is only a space). */
const LINE_BREAK = '\u2028';

function collapse(text: string): string {
  // Source line breaks and no-break spaces are spaces to a reader; a <br> is a line break.
  return text
    .replace(/[^\S\u2028]+/g, ' ')
    .split(LINE_BREAK)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

interface Paragraph {
  block: Block;
  /** Bold label at the start (without its colon), or null. */
  label: string | null;
  /** The text after the label. */
  text: string;
  words: number;
  linkShare: number;
}

/** Split a block into its leading bold label (if any) and its text. */
function readBlock(block: Block): Paragraph {
  const segs = block.segments;
  let i = 0;
  let boldText = '';
  while (i < segs.length && (segs[i].bold || segs[i].text.trim() === '')) boldText += segs[i++].text;
  let rest = segs.slice(i).map((s) => s.text).join('');
  let label: string | null = null;
  const boldTrim = collapse(boldText);
  if (boldTrim !== '' && !boldTrim.includes('\n')) {
    // "<b>Moderator:</b> …", or "<b>Moderator</b>: …" with the colon outside the bold.
    const inside = /^(.*?)\s*[:：]$/u.exec(boldTrim);
    const outside = /^\s*[:：]/u.exec(rest);
    const candidate = inside ? inside[1] : outside ? boldTrim : null;
    if (candidate && candidate.length <= MAX_LABEL_CHARS && /\p{L}/u.test(candidate) && !/[.!?;]$/.test(candidate)) {
      label = candidate.replace(/\s+/g, ' ').trim();
      if (!inside && outside) rest = rest.slice(outside[0].length);
    }
  }
  const text = collapse(label === null ? segs.map((s) => s.text).join('') : rest);
  const all = segs.map((s) => s.text).join('');
  const linkChars = segs.filter((s) => s.link).reduce((n, s) => n + s.text.replace(/\s+/g, '').length, 0);
  const chars = all.replace(/\s+/g, '').length;
  return { block, label, text, words: countWords(text), linkShare: chars > 0 ? linkChars / chars : 0 };
}

function contains(ancestor: Element, el: Element): boolean {
  for (let n: ParentNode | null = el; n; n = isElement(n) ? n.parentNode : null) if (n === ancestor) return true;
  return false;
}

/** The deepest element holding at least CONTAINER_SHARE of the prose words. */
function transcriptContainer(root: Element, prose: readonly Paragraph[]): Element {
  const total = prose.reduce((n, p) => n + p.words, 0);
  let container = root;
  for (;;) {
    let next: Element | null = null;
    for (const child of container.childNodes) {
      if (!isElement(child)) continue;
      const inside = prose.filter((p) => contains(child, p.block.element)).reduce((n, p) => n + p.words, 0);
      if (inside >= CONTAINER_SHARE * total) {
        next = child;
        break;
      }
    }
    if (!next) return container;
    container = next;
  }
}

/** "24 May. 2017 -", "Last updated: 05 Jul. 2024 16:17", "13 févr. 2025": page dates, not speech. */
function isDateLine(text: string): boolean {
  if (/^(?:last\s+updated|updated|published|posted|mis à jour|dernière mise à jour)\b/i.test(text)) return true;
  const words = text.match(/\p{L}+/gu) ?? [];
  return /\b(?:1[89]|20)\d\d\b/.test(text) && words.length <= 3 && text.length <= 40;
}

function findTitle(root: ParentNode): string | null {
  let h1: string | null = null;
  let title: string | null = null;
  const visit = (node: Node | ParentNode): void => {
    if (h1 !== null) return;
    if (isElement(node)) {
      if (node.tagName === 'h1' && !isFurniture(node)) h1 = collapse(textOf(node)).replace(/\n/g, ' ') || null;
      if (node.tagName === 'title' && title === null) title = collapse(textOf(node)).replace(/\n/g, ' ') || null;
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return h1 ?? title;
}

function textOf(node: Node | ParentNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  if (isElement(node) && (node.tagName === 'script' || node.tagName === 'style')) return '';
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/**
 * Extract the transcript of an HTML page. Throws a CapsyncError (HTML_NO_TRANSCRIPT) when the
 * page has no recognisable transcript.
 */
export function extractTranscriptFromHtml(html: string, path?: string): HtmlTranscript {
  const document = parse(html);
  const htmlEl = document.childNodes.find(isElement) ?? null;
  const where = path ? `: ${path}` : '';
  const noTranscript = (why: string): CapsyncError =>
    new CapsyncError(
      'HTML_NO_TRANSCRIPT',
      `the HTML page has no recognisable transcript (${why})${where}; save the transcript page itself, or copy its text into a .txt file`,
    );
  if (!htmlEl) throw noTranscript('it is empty');
  const all = collectBlocks(htmlEl).map(readBlock);
  const isProse = (p: Paragraph): boolean => !p.block.heading && p.words >= PROSE_MIN_WORDS && p.linkShare <= MAX_LINK_SHARE;
  // Furniture is left out, unless it holds most of the page's prose (a page wrapped whole in a form).
  const proseWords = all.filter(isProse).reduce((n, p) => n + p.words, 0);
  const furnitureWords = new Map<Element, number>();
  for (const p of all.filter(isProse)) for (const f of p.block.furniture) furnitureWords.set(f, (furnitureWords.get(f) ?? 0) + p.words);
  const dropped = (f: Element): boolean => (furnitureWords.get(f) ?? 0) < FURNITURE_MAX_SHARE * proseWords;
  const paragraphs = all.filter((p) => !p.block.furniture.some(dropped));
  const prose = paragraphs.filter(isProse);
  if (prose.length === 0) throw noTranscript('no paragraphs of text outside menus, links and scripts');
  const container = transcriptContainer(htmlEl, prose);

  const lines: string[] = [];
  const labels: string[] = [];
  let count = 0;
  let words = 0;
  let labelled = 0;
  for (const p of paragraphs) {
    if (p.block.heading || !contains(container, p.block.element)) continue;
    if (p.linkShare > MAX_LINK_SHARE) continue;
    if (!/\p{L}/u.test(p.text) && p.label === null) continue;
    if (p.label === null && isDateLine(p.text)) continue;
    if (p.label !== null) {
      if (!labels.includes(p.label)) labels.push(p.label);
      lines.push(`${p.label}:`);
      labelled++;
      words += countWords(p.label);
    }
    if (p.text !== '') {
      lines.push(p.text, '');
      count++;
      words += p.words;
    }
  }
  const speechWords = words;
  const proseBlocks = paragraphs.filter((p) => contains(container, p.block.element) && prose.includes(p)).length;
  // A transcript is either labelled speech or several paragraphs of prose.
  if (speechWords < MIN_TRANSCRIPT_WORDS || (labelled === 0 && proseBlocks < 2)) {
    throw noTranscript(`only ${speechWords} words of text outside menus, links and scripts, in ${count} paragraph(s)`);
  }
  return { text: `${lines.join('\n').trim()}\n`, title: findTitle(htmlEl), labels, paragraphs: count, words };
}

/**
 * The HTML inside a page saved "as a single file" (MHTML: a MIME multipart message). Returns
 * the first text/html part decoded to a string, or null when there is none.
 */
export function htmlFromMhtml(bytes: Uint8Array): string | null {
  const raw = new TextDecoder('latin1').decode(bytes);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return null;
  for (const part of raw.split(`--${boundary}`)) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index);
    if (!/Content-Type:\s*text\/html/i.test(headers)) continue;
    const body = part.slice(split.index + split[0].length);
    const encoding = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase() ?? '7bit';
    const charset = /charset="?([\w-]+)"?/i.exec(headers)?.[1] ?? 'utf-8';
    let data: Uint8Array;
    if (encoding === 'quoted-printable') data = decodeQuotedPrintable(body);
    else if (encoding === 'base64') data = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    else data = Buffer.from(body, 'latin1');
    return decodeHtmlBytes(data, charset);
  }
  return null;
}

/** RFC 2045 quoted-printable: soft line breaks removed, `=XX` → byte. */
function decodeQuotedPrintable(text: string): Uint8Array {
  const joined = text.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      out.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(joined.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * Decode an HTML file's bytes: a BOM wins, then the page's own `<meta charset>` (or its
 * http-equiv form), else UTF-8 when it is valid and windows-1252 (what browsers assume) when not.
 */
export function decodeHtmlBytes(bytes: Uint8Array, declared?: string): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const bomless = detectBomlessUtf16(bytes);
  if (bomless) return new TextDecoder(bomless).decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const meta = declared ?? /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  if (meta) {
    try {
      return new TextDecoder(meta.toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: fall through to the guess.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
