/**
 * Recognizers for the line shapes a YouTube description is built from: dividers, timestamp
 * lines, hashtag-only lines, headings, emoji markers. Pure string tests, no positions.
 */

/** A leading emoji grapheme: pictograph (+VS16/skin tone), optionally ZWJ-joined; keycaps and flags too. */
export const LEADING_EMOJI_RE =
  /^\s*((?:(?:\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])?)*)|[0-9#*]\uFE0F?\u20E3|[\u{1F1E6}-\u{1F1FF}]{2})\s*)+/u;

/** ©, ®, ™ are Extended_Pictographic but read as text unless followed by VS16. */
const TEXT_SYMBOLS = new Set(['\u00A9', '\u00AE', '\u2122']);

/** The emoji run at the start of a line (trimmed), or null. */
export function leadingEmoji(line: string): string | null {
  const m = LEADING_EMOJI_RE.exec(line);
  if (!m) return null;
  const run = m[0].trim();
  if (run.length === 0) return null;
  const first = run.codePointAt(0)!;
  if (TEXT_SYMBOLS.has(String.fromCodePoint(first)) && run[1] !== '\uFE0F') return null;
  return run;
}

/** A run of one repeated non-alphanumeric character ("▬▬▬", "-----", "= = ="), a visual divider. */
export function isDivider(line: string): boolean {
  const t = line.replace(/\s+/g, '');
  if (t.length < 3) return false;
  if (/[\p{L}\p{N}]/u.test(t)) return false;
  return new Set(Array.from(t)).size <= 2;
}

const TIMESTAMP_CORE = String.raw`(?:(\d{1,2}):)?(\d{1,2}):(\d{2})`;
/** "0:00 Intro", "- 1:02:03 – Q&A", "(12:30) Title", "[0:00] Title", "00:00 | Title". */
const TIMESTAMP_LINE_RE = new RegExp(
  String.raw`^\s*(?:[-*•·▪►▶→]\s*)?[(\[]?` + TIMESTAMP_CORE + String.raw`[)\]]?(?:\s*[-–—:|.)]\s*|\s+)(\S.*?)\s*$`,
  'u',
);

/** Parse a timestamp line into seconds and title, or null when the line does not start with one. */
export function parseTimestampLine(line: string): { start: number; title: string } | null {
  const m = TIMESTAMP_LINE_RE.exec(line);
  if (!m) return null;
  const h = m[1] ? Number(m[1]) : 0;
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (s >= 60 || (m[1] && min >= 60)) return null;
  return { start: h * 3600 + min * 60 + s, title: m[4] };
}

/** A heading that introduces chapter timestamps, in the languages channels commonly use. */
const CHAPTER_HEADING_RE =
  /^\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)*[#*_]*\s*(?:chapters?|timestamps?|time\s*stamps?|time\s*codes?|contents|table of contents|in this video|chapitres?|sommaire|horodatages?|kapitel|inhalt|zeitstempel|cap[ií]tulos?|[ií]ndice|marcas de tiempo|capitoli|indice|minutaggio|hoofdstukken|tijdstempels|rozdziały|главы|содержание|таймкоды|розділи|зміст)\s*[:：]?\s*[*_]*\s*$/iu;

export function isChapterHeading(line: string): boolean {
  return CHAPTER_HEADING_RE.test(line);
}

/** Unicode-aware hashtag: `#` not preceded by a word character, `&` (entities) or `/` (URL fragments); at least one letter. */
export const HASHTAG_RE = /(?<![\p{L}\p{M}\p{N}_&#/\\=?])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu;

/** `@handle` not preceded by a word character (so e-mail addresses are not mentions). */
export const MENTION_RE = /(?<![\p{L}\p{M}\p{N}_.@/\\])@([\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_.-]*[\p{L}\p{M}\p{N}_])?)/gu;

/** A line made only of hashtags. */
export function isHashtagLine(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('#')) return false;
  return t.split(/\s+/).every((w) => /^#[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*[.,;]?$/u.test(w));
}

/** Words a sentence or clause ends on: the Latin, CJK, Arabic and Devanagari full stops. */
export const SENTENCE_END_RE = /[.!?…。！？؟।]["'”’»)\]]*(?=\s|$)/gu;

export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,%-]*/gu);
  return m ? m.length : 0;
}

/** Lower-case words used by link-list headings, never by a speaker label. */
const NON_SPEAKER_WORDS = new Set(
  (
    'links link follow subscribe connect find visit website websites site more resources chapters chapter timestamps contents ' +
    'credits music social online watch read listen download sources source references related playlist playlists support contact ' +
    'email e-mail newsletter sponsor sponsors tags keywords gear about description summary note notes disclaimer copyright topics ' +
    'transcript transcription highlights agenda program programme photos video videos useful learn join donate shop merch ' +
    'liens suivez abonnez-vous enlaces síguenos sígueme redes seguici iscriviti folgt abonniere quellen ссылки подписывайтесь'
  ).split(/\s+/),
);

/** Could this short label name a speaker ("NATO Secretary General", "Q", "Moderator")? */
export function looksLikeSpeakerLabel(label: string, strict = true): boolean {
  const t = label.trim();
  if (t.length === 0 || t.length > 80) return false;
  if (/https?:|www\.|[#@]|\d{1,2}:\d{2}/i.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 9) return false;
  for (const w of words) {
    const bare = w.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, '');
    if (NON_SPEAKER_WORDS.has(bare)) return false;
  }
  // After an emoji marker the shape is evidence enough: only the first letter must be a capital
  // (French/Spanish labels keep offices lower-case: "Secrétaire général de l'OTAN").
  if (!strict) return /^[(\["'“‘]?[\p{Lu}\p{Lo}]/u.test(t);
  // Every significant word capitalized (or an acronym / parenthesized outlet), as labels are.
  const minor = /^(?:of|the|for|and|on|to|at|in|de|du|des|la|le|der|die|das|und|del|y|e|di|van|von|da|dos|das|и|по)$/i;
  const significant = words.filter((w) => !minor.test(w.replace(/[()]/g, '')));
  if (significant.length === 0) return false;
  return significant.every((w) => /^[(\["'“‘]?[\p{Lu}\p{Lo}]/u.test(w));
}

/** A line that reads like prose: enough words and not a link, heading, divider, hashtag or timestamp line. */
export function looksLikeProse(line: string, minWords = 3): boolean {
  const t = line.trim();
  if (t.length === 0) return false;
  if (isDivider(t) || isHashtagLine(t) || parseTimestampLine(t)) return false;
  if (/^(?:https?:\/\/|www\.)/i.test(t)) return false;
  return wordCount(t) >= minWords;
}
