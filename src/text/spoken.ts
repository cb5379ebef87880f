/**
 * Spoken forms: what a speaker actually says for one written token, so the synthetic
 * reference voice says the same thing ("2%" → "two percent", "US" → "u s"). The written
 * form stays in the captions; only the reference uses this.
 *
 * Output for English: lower-case words separated by single spaces, letters only, except an
 * apostrophe inside a word ("america's", "they'll") because eSpeak pronounces those better
 * with it than without. Empty string when nothing is said (a lone dash, a bullet, a currency
 * sign whose amount follows as its own token).
 */
import { lookupTable } from './table.js';
import {
  cardinalWords,
  digitsToWords,
  fractionWords,
  numberWords,
  ordinalWords,
  pluralizeNumberWords,
  yearWords,
} from './numbers.js';

/** The neighbours of a token, as written, which decide readings like year-vs-number. */
export interface SpokenContext {
  /** BCP-47-ish tag; anything not English gets the verbatim lower-cased form. Default `en`. */
  language?: string;
  prev?: string | null;
  prevPrev?: string | null;
  next?: string | null;
  nextNext?: string | null;
  /** The token is in a passage written in capitals ("THANK YOU ALL"): capitals are words, not acronyms. */
  upperCaseRun?: boolean;
}

const LETTER = /\p{L}/u;
const ALNUM = /[\p{L}\p{N}]/u;

/** Unify look-alike characters so the rules below see one form. */
export function cleanTokenChars(token: string): string {
  return token
    .normalize('NFC')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF\uFE0E\uFE0F]/g, '') // soft hyphen, zero-width, variation selectors
    .replace(/[\u2018\u2019\u201B\u02BC\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A]/g, '"')
    .replace(/[\u2010\u2011]/g, '-') // Unicode hyphens → ASCII hyphen
    .replace(/\u2212/g, '-') // minus sign
    .replace(/\u2026/g, '...')
    .replace(/\uFF05/g, '%');
}

const OPENERS = /^["'([{<¿¡*_]+/;
const CLOSERS = /["'\)\]}>*_,;:!?]+$/;

/** Remove wrapping quotes/brackets and trailing clause punctuation, keep trailing dots. */
function stripWrapping(s: string): string {
  let prev: string;
  do {
    prev = s;
    s = s.replace(OPENERS, '').replace(CLOSERS, '');
    // a closing quote after the dot: `end."` → `end.` then the loop strips nothing more
  } while (s !== prev);
  return s;
}

/** Abbreviations read as words. Keys are matched case-sensitively, then lower-cased. */
const ABBREVIATIONS: Record<string, string> = lookupTable({
  'Mr.': 'mister', Mr: 'mister', 'Mrs.': 'missus', Mrs: 'missus', 'Ms.': 'miz', Ms: 'miz',
  'Dr.': 'doctor', Dr: 'doctor', 'Prof.': 'professor', 'Gen.': 'general', 'Lt.': 'lieutenant',
  'Col.': 'colonel', 'Sgt.': 'sergeant', 'Capt.': 'captain', 'Maj.': 'major', 'Adm.': 'admiral',
  'Amb.': 'ambassador', 'Sen.': 'senator', 'Rep.': 'representative', 'Gov.': 'governor',
  'Pres.': 'president', 'Jr.': 'junior', 'Sr.': 'senior', 'Mt.': 'mount', 'Dept.': 'department',
  'Ltd.': 'limited', 'Inc.': 'inc', 'Corp.': 'corporation', 'Jan.': 'january', 'Feb.': 'february',
  'Mar.': 'march', 'Apr.': 'april', 'Jun.': 'june', 'Jul.': 'july', 'Aug.': 'august',
  'Sep.': 'september', 'Sept.': 'september', 'Oct.': 'october', 'Nov.': 'november', 'Dec.': 'december',
});
const ABBREVIATIONS_ANY_CASE: Record<string, string> = lookupTable({
  'e.g.': 'for example', 'e.g': 'for example', 'i.e.': 'that is', 'i.e': 'that is', 'etc.': 'et cetera',
  etc: 'et cetera', 'vs.': 'versus', vs: 'versus', 'approx.': 'approximately', 'a.m.': 'eh m', 'p.m.': 'p m',
  'a.m': 'eh m', 'p.m': 'p m', am: 'am', pm: 'p m', 'no.': 'number', 'nos.': 'numbers',
});
/** Month abbreviations written in capitals on datelines ("13 FEB 2025"). */
const MONTHS_UPPER: Record<string, string> = lookupTable({
  JAN: 'january', FEB: 'february', MAR: 'march', APR: 'april', JUN: 'june', JUL: 'july', AUG: 'august',
  SEP: 'september', SEPT: 'september', OCT: 'october', NOV: 'november', DEC: 'december',
});

/** Acronyms said as words; a few get an explicit reading. */
const WORD_ACRONYMS: Record<string, string> = lookupTable({
  NATO: 'nato', OTAN: 'otan', NASA: 'nasa', UNESCO: 'unesco', UNICEF: 'unicef', NORAD: 'norad',
  SHAPE: 'shape', ASEAN: 'asean', OPEC: 'opec', COVID: 'covid', AIDS: 'aids', SARS: 'sars', SWIFT: 'swift',
  SACEUR: 'sack your', NAFTA: 'nafta', FIFA: 'fifa', UEFA: 'uefa', INTERPOL: 'interpol', EUROPOL: 'europol',
  FRONTEX: 'frontex', RADAR: 'radar', LASER: 'laser', SONAR: 'sonar', HIMARS: 'high mars', ATACMS: 'attackems',
  ISIS: 'isis', ISIL: 'isil', DAESH: 'daesh', CERN: 'cern', AUKUS: 'aukus', BRICS: 'brics', OSINT: 'osint',
  KFOR: 'k for', EUFOR: 'eufor', ISAF: 'isaf', AWACS: 'awacs', CENTCOM: 'centcom', EUCOM: 'eucom',
  DIANA: 'diana', NASAMS: 'nasams', UNIFIL: 'unifil', MENA: 'mena', EFTA: 'efta', SAM: 'sam', GAVI: 'gavi',
});
/** Acronyms the vowel heuristic would read as words but people spell. */
const SPELLED_ACRONYMS = new Set(['OSCE', 'UNGA', 'IAEA', 'OECD', 'USA', 'WHO', 'UAE', 'EEA', 'OAS', 'AU']);
/** Short capitalised words that are ordinary words in capitalised headings. */
const SHORT_WORDS = new Set(['I', 'A']);

const ONSETS = new Set([
  'BL', 'BR', 'CH', 'CL', 'CR', 'DR', 'DW', 'FL', 'FR', 'GL', 'GR', 'KL', 'KN', 'KR', 'PH', 'PL', 'PR', 'SC',
  'SCH', 'SCR', 'SH', 'SK', 'SL', 'SM', 'SN', 'SP', 'SPL', 'SPR', 'ST', 'STR', 'SW', 'TH', 'THR', 'TR', 'TW',
  'WH', 'WR', 'QU',
]);
const CODAS = new Set([
  'CH', 'CK', 'CT', 'FT', 'LD', 'LF', 'LK', 'LL', 'LM', 'LP', 'LS', 'LT', 'MP', 'MS', 'ND', 'NG', 'NK', 'NS',
  'NT', 'PS', 'PT', 'RB', 'RC', 'RD', 'RF', 'RG', 'RK', 'RL', 'RM', 'RN', 'RP', 'RS', 'RT', 'SH', 'SK', 'SP',
  'SS', 'ST', 'TH', 'TS', 'DS', 'KS', 'GS', 'LLS', 'NTS', 'NDS', 'RTS', 'STS',
]);

/**
 * Whether an all-capital acronym can be said as a word ("NATO", "UNESCO") rather than
 * spelled ("GDP", "UDCG"): a small phonotactic check of its consonant clusters. Acronyms of
 * three letters or fewer are spelled (US, EU, UK, GDP) unless listed as words.
 */
export function isPronounceableAcronym(acronym: string): boolean {
  const up = acronym.toUpperCase();
  if (up in WORD_ACRONYMS) return true;
  if (SPELLED_ACRONYMS.has(up) || !/^[A-Z]+$/.test(up) || up.length <= 3) return false;
  const vowels = up.replace(/[^AEIOU]|^Y/g, '').length + (up.slice(1).match(/Y/g)?.length ?? 0);
  if (vowels === 0 || vowels === up.length) return false;
  if (/[AEIOUY]{3}/.test(up)) return false;
  // Long all-capital tokens are shouted words, not acronyms.
  if (up.length >= 7) return vowels / up.length >= 0.25;
  const clusters = up.split(/[AEIOU]|(?<=.)Y/);
  const onset = clusters[0];
  const coda = clusters[clusters.length - 1];
  if (onset.length > 1 && !ONSETS.has(onset)) return false;
  if (coda.length > 1 && !CODAS.has(coda)) return false;
  for (const inner of clusters.slice(1, -1)) if (inner.length > 3) return false;
  return true;
}

/**
 * Letter by letter: "GDP" → "g d p". The letter A is written "eh" because eSpeak reads a lone
 * "a" before another word as the article ("a m" → "uh em"), while "eh" gets the letter's name.
 */
function spellLetters(s: string): string {
  return [...s.toLowerCase()]
    .filter((c) => LETTER.test(c))
    .map((c) => (c === 'a' ? 'eh' : c))
    .join(' ');
}

/** Scale words that follow a number; a number before one is a quantity, never a year. */
const SCALE_WORDS = new Set(['thousand', 'million', 'billion', 'trillion', 'bn', 'mn', 'tn', 'hundred']);
/** Nouns and units that make a preceding 4-digit number a count rather than a year. */
const COUNT_NOUNS = new Set([
  ...SCALE_WORDS, 'percent', 'per', '%', 'people', 'persons', 'troops', 'soldiers', 'personnel', 'staff',
  'civilians', 'members', 'dollars', 'euros', 'pounds', 'usd', 'eur', 'km', 'kilometres', 'kilometers', 'miles',
  'metres', 'meters', 'm', 'kg', 'tonnes', 'tons', 'times', 'jobs', 'units', 'rounds', 'shells', 'drones',
  'missiles', 'tanks', 'aircraft', 'jets', 'planes', 'ships', 'vessels', 'vehicles', 'items', 'cases', 'deaths',
  'casualties', 'refugees', 'votes', 'pages', 'words', 'hours', 'minutes', 'seconds', 'days', 'weeks', 'months',
  'sorties', 'exercises', 'participants', 'delegates', 'journalists', 'hryvnias', 'roubles', 'rubles',
]);

interface Currency { one: string; many: string }
const CURRENCIES: Record<string, Currency> = lookupTable({
  'US$': { one: 'u s dollar', many: 'u s dollars' },
  'A$': { one: 'australian dollar', many: 'australian dollars' },
  'C$': { one: 'canadian dollar', many: 'canadian dollars' },
  $: { one: 'dollar', many: 'dollars' },
  '€': { one: 'euro', many: 'euros' },
  '£': { one: 'pound', many: 'pounds' },
  '¥': { one: 'yen', many: 'yen' },
  '₴': { one: 'hryvnia', many: 'hryvnias' },
  '₽': { one: 'rouble', many: 'roubles' },
});
const CURRENCY_PREFIX = /^(US\$|A\$|C\$|\$|€|£|¥|₴|₽)/;
const CURRENCY_SUFFIX = /(€|\$|£)$/;
const SCALE_SUFFIXES: Record<string, string> = lookupTable({
  bn: 'billion', b: 'billion', tn: 'trillion', mn: 'million', m: 'million', k: 'thousand',
});
const UNITS: Record<string, string> = lookupTable({
  km: 'kilometres', kg: 'kilograms', cm: 'centimetres', mm: 'millimetres', 'km/h': 'kilometres per hour',
  kmh: 'kilometres per hour', mph: 'miles per hour', '°c': 'degrees celsius', '°f': 'degrees fahrenheit',
  '°': 'degrees', gw: 'gigawatts', mw: 'megawatts', kw: 'kilowatts', ghz: 'gigahertz', mhz: 'megahertz',
});

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;
const NUMBER_RE = new RegExp(`^(?:${NUM})$`);
const AMOUNT_RE = new RegExp(`^(${NUM})(bn|b|tn|mn|m|k)?$`, 'i');
const RANGE_RE = new RegExp(`^(${NUM})[-\u2012\u2013\u2014](${NUM})$`);
const SUFFIXED_RE = new RegExp(`^(${NUM})(bn|tn|mn|km/h|kmh|km|kg|cm|mm|mph|°c|°f|°|gw|mw|kw|ghz|mhz)$`, 'i');
const DASHES = /[-\u2012\u2013\u2014\u2015]/;

/** Lower-case bare word of a neighbouring token, for context checks. */
function bare(token: string | null | undefined): string {
  if (!token) return '';
  return stripWrapping(cleanTokenChars(token)).replace(/\.+$/, '').toLowerCase();
}

function isNumberToken(token: string | null | undefined): boolean {
  if (!token) return false;
  return /^[-+]?\d/.test(bare(token));
}

function isYearLike(digits: string): boolean {
  if (!/^\d{4}$/.test(digits)) return false;
  const n = Number(digits);
  return n >= 1100 && n <= 2099;
}

/** A currency sign written alone before its amount ("US$ 5"). */
function isBareCurrency(token: string | null | undefined): boolean {
  return !!token && bare(token).toUpperCase() in CURRENCIES;
}

interface ParsedAmount { words: string; plural: boolean }

/** Number words for an amount after a currency sign: "5", "1.5", "3bn", "5.50". */
function speakAmount(amount: string, currency: Currency, nextIsScale: boolean): string | null {
  const m = AMOUNT_RE.exec(amount);
  if (!m) return null;
  const [, num, suffix] = m;
  const scale = suffix ? SCALE_SUFFIXES[suffix.toLowerCase()] : null;
  if (nextIsScale && !scale) return numberWords(num); // the currency name goes after the scale word
  const cents = /^(\d[\d,]*)\.(\d\d)$/.exec(num);
  if (cents && !scale) {
    const whole = numberWords(cents[1]) ?? '';
    const name = cents[1] === '1' ? currency.one : currency.many;
    return cents[2] === '00' ? `${whole} ${name}` : `${whole} ${name} ${cardinalWords(String(Number(cents[2])))}`;
  }
  const parsed: ParsedAmount = { words: numberWords(num) ?? '', plural: num !== '1' || !!scale };
  return [parsed.words, scale, parsed.plural ? currency.many : currency.one].filter(Boolean).join(' ');
}

/** A plain number token in context: a year when it looks like one and no count noun follows. */
function speakNumber(num: string, ctx: SpokenContext): string | null {
  if (isYearLike(num)) {
    const next = bare(ctx.next);
    const counted = COUNT_NOUNS.has(next) || isBareCurrency(ctx.prev);
    if (!counted) return yearWords(Number(num));
  }
  return numberWords(num);
}

function speakRangeSide(side: string, asYear: boolean): string | null {
  if (asYear && /^\d{2,4}$/.test(side)) return side.length === 4 ? yearWords(Number(side)) : cardinalWords(side);
  return numberWords(side);
}

/** The spoken form of a core token (wrapping punctuation and trailing dots removed). */
function speakCore(s: string, ctx: SpokenContext, depth: number): string {
  if (!s) return '';
  if (depth > 6) return s; // cannot happen with the shrinking splits below; a guard, not a path
  const lower = s.toLowerCase();

  // Lone symbols.
  if (/^[-\u2012\u2013\u2014\u2015]+$/.test(s)) {
    // "10 – 15" spoken as a range; otherwise a dash is punctuation.
    return isNumberToken(ctx.prev) && isNumberToken(ctx.next) ? 'to' : '';
  }
  if (s === '&') return 'and';
  if (s === '%') return 'percent';
  if (s === '+') return 'plus';
  if (s === '=') return 'equals';
  if (s === '@') return 'at';
  if (s.toUpperCase() in CURRENCIES) {
    // "US$ 5 billion": said after the amount, by the amount or scale token.
    if (isNumberToken(ctx.next)) return '';
    return CURRENCIES[s.toUpperCase()].many;
  }

  // Money: "$5", "€50", "£3bn", "US$700", "50€".
  const cur = CURRENCY_PREFIX.exec(s) ?? null;
  if (cur) {
    const currency = CURRENCIES[cur[1]];
    const words = speakAmount(s.slice(cur[1].length), currency, SCALE_WORDS.has(bare(ctx.next)));
    if (words !== null) return words;
  }
  const curSuffix = CURRENCY_SUFFIX.exec(s);
  if (curSuffix && s.length > 1) {
    const words = speakAmount(s.slice(0, -1), CURRENCIES[curSuffix[1]], SCALE_WORDS.has(bare(ctx.next)));
    if (words !== null) return words;
  }

  // A scale word closing an amount whose currency came first: "$5 billion" → "billion dollars".
  if (SCALE_WORDS.has(lower) || lower === 'bn') {
    const scale = lower === 'bn' ? 'billion' : lower;
    const prev = ctx.prev ? stripWrapping(cleanTokenChars(ctx.prev)) : '';
    const prevCur = CURRENCY_PREFIX.exec(prev) ?? CURRENCY_SUFFIX.exec(prev);
    if (prevCur && /\d/.test(prev)) return `${scale} ${CURRENCIES[prevCur[1]].many}`;
    if (isNumberToken(ctx.prev) && isBareCurrency(ctx.prevPrev)) {
      return `${scale} ${CURRENCIES[bare(ctx.prevPrev).toUpperCase()].many}`;
    }
    return scale;
  }

  // Signed numbers.
  const signed = /^([-+])(.*\d.*)$/.exec(s);
  if (signed) {
    const rest = speakCore(signed[2], ctx, depth + 1);
    if (rest) return `${signed[1] === '-' ? 'minus' : 'plus'} ${rest}`;
  }

  if (NUMBER_RE.test(s)) {
    // After a bare currency sign: "US$ 5" → "five u s dollars" unless a scale word follows.
    if (isBareCurrency(ctx.prev)) {
      const words = speakAmount(s, CURRENCIES[bare(ctx.prev).toUpperCase()], SCALE_WORDS.has(bare(ctx.next)));
      if (words !== null) return words;
    }
    return speakNumber(s, ctx) ?? digitsToWords(s);
  }

  // Percent: "2%", "2.5%", "10-15%".
  if (s.endsWith('%') && s.length > 1) {
    const inner = speakCore(s.slice(0, -1), { ...ctx, next: 'percent' }, depth + 1);
    return inner ? `${inner} percent` : 'percent';
  }

  // Ranges: "2014–2024", "2014-24", "10-15".
  const range = RANGE_RE.exec(s);
  if (range) {
    const asYear = isYearLike(range[1]) && /^\d{2}$|^\d{4}$/.test(range[2]) && !COUNT_NOUNS.has(bare(ctx.next));
    const a = speakRangeSide(range[1], asYear);
    const b = speakRangeSide(range[2], asYear && (range[2].length === 2 || isYearLike(range[2])));
    if (a && b) return `${a} to ${b}`;
  }

  // Times: "10:30", "9:05am", "15:00", "10.30am".
  const time = /^(\d{1,2})[:.](\d{2})(?::(\d{2}))?(a\.?m\.?|p\.?m\.?)?$/i.exec(s);
  if (time && Number(time[1]) < 24 && Number(time[2]) < 60 && (s.includes(':') || time[4])) {
    const hour = Number(time[1]);
    const minute = Number(time[2]);
    const suffix = time[4] ? ` ${spellLetters(time[4])}` : '';
    const nextAmPm = /^[ap]\.?m\.?$/i.test(bare(ctx.next));
    let words: string;
    if (minute === 0) {
      words = suffix || nextAmPm ? cardinalWords(String(hour)) : hour > 12 ? `${cardinalWords(String(hour))} hundred` : `${cardinalWords(String(hour))} o'clock`;
    } else {
      words = `${cardinalWords(String(hour))} ${minute < 10 ? `oh ${cardinalWords(String(minute))}` : cardinalWords(String(minute))}`;
    }
    if (time[3] !== undefined) words += ` and ${cardinalWords(String(Number(time[3])))} seconds`;
    return words + suffix;
  }
  const hourAmPm = /^(\d{1,2})(a\.?m|p\.?m)\.?$/i.exec(s);
  if (hourAmPm) return `${cardinalWords(hourAmPm[1])} ${spellLetters(hourAmPm[2])}`;

  // Ordinals: "1st", "21st", "100th".
  const ordinal = /^(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)$/i.exec(s);
  if (ordinal) return ordinalWords(ordinal[1].replace(/,/g, ''));

  // Decades and plural numbers: "1990s", "90s", "F-16s" (its "16s").
  const plural = /^(\d+)s$/.exec(s);
  if (plural) {
    const d = plural[1];
    return pluralizeNumberWords(isYearLike(d) ? yearWords(Number(d)) : cardinalWords(d));
  }

  // Number with a scale or unit suffix: "3bn", "10km", "5°C".
  const suffixed = SUFFIXED_RE.exec(s);
  if (suffixed) {
    const unit = suffixed[2].toLowerCase();
    return `${numberWords(suffixed[1])} ${SCALE_SUFFIXES[unit] ?? UNITS[unit]}`;
  }

  // Unicode vulgar fractions.
  const VULGAR: Record<string, string> = lookupTable({ '½': 'one half', '¼': 'one quarter', '¾': 'three quarters', '⅓': 'one third', '⅔': 'two thirds' });
  if (VULGAR[s]) return VULGAR[s];
  const mixedVulgar = /^(\d+)([½¼¾⅓⅔])$/.exec(s);
  if (mixedVulgar) return `${cardinalWords(mixedVulgar[1])} and ${VULGAR[mixedVulgar[2]]}`;

  // Slashes: fractions "2/3", units "km/h", otherwise each part ("X/Twitter", "24/7").
  if (s.includes('/')) {
    if (lower in UNITS) return UNITS[lower];
    const frac = /^(\d+)\/(\d+)$/.exec(s);
    if (frac) {
      const f = fractionWords(Number(frac[1]), Number(frac[2]));
      if (f) return f;
    }
    if (/^(https?:\/\/|www\.)/i.test(s)) return speakUrl(s);
    return joinParts(s.split('/'), ctx, depth);
  }
  if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|int|net|eu|gov|edu|info|io|uk|de|fr|ua)$/.test(s)) return speakUrl(s);

  // Hyphenated compounds: "two-thirds", "NATO-Ukraine", "F-16", "COVID-19".
  if (DASHES.test(s.slice(1))) return joinParts(s.split(DASHES), ctx, depth);

  // "&" inside a token: "R&D" → "r and d".
  if (s.includes('&')) return joinParts(s.split('&'), ctx, depth, 'and');

  // Possessives: "NATO's", "EU's", "2024's".
  const possessive = /^(.+)'s$/i.exec(s);
  if (possessive && /[\p{Lu}\d]/u.test(possessive[1].slice(-1))) {
    const base = speakCore(possessive[1], ctx, depth + 1);
    if (base) return `${base}'s`;
  }

  // Letters and digits run together: "G7", "5G", "MH17", "B52".
  if (/\d/.test(s) && LETTER.test(s) && /^[\p{L}\d]+$/u.test(s)) {
    const runs = s.match(/\p{L}+|\d+/gu) ?? [];
    return runs.map((run) => (/\d/.test(run) ? cardinalWords(run) : speakWord(run, ctx))).join(' ');
  }

  if (/^[\p{L}\p{M}']+$/u.test(s)) return speakWord(s, ctx);

  // Anything else: speak its alphanumeric pieces.
  let pieces = s.split(/[^\p{L}\p{M}\p{N}'.,%$€£&]+/u).filter(Boolean);
  if (pieces.length === 1 && pieces[0] === s) pieces = s.split(/[^\p{L}\p{M}\p{N}']+/u).filter(Boolean);
  if (pieces.length === 1 && pieces[0] === s) {
    // Letters and digits of other kinds run together ("½½", "x²"): fold compatibility forms
    // ("²" → "2"), then read each run on its own.
    const runs = s.replace(/[½¼¾⅓⅔]/g, ' $& ').normalize('NFKC').replace(/\u2044/g, '/').match(/[\p{L}\p{M}']+|\d+|[^\s\p{L}\p{M}'\d]+/gu) ?? [];
    if (runs.length === 1 && runs[0] === s) return /\p{L}/u.test(s) ? s : '';
    return joinParts(runs, ctx, depth);
  }
  return joinParts(pieces, ctx, depth);
}

function joinParts(parts: string[], ctx: SpokenContext, depth: number, glue = ''): string {
  const said = parts
    .filter((p) => p.length > 0)
    .map((p) => speakCore(stripWrapping(p).replace(/\.+$/, ''), { ...ctx, prev: null, next: null }, depth + 1))
    .filter(Boolean);
  return said.join(glue ? ` ${glue} ` : ' ');
}

function speakUrl(url: string): string {
  const body = url.replace(/^https?:\/\//i, '');
  return body
    .split(/([./])/)
    .filter(Boolean)
    .map((p) => (p === '.' ? 'dot' : p === '/' ? 'slash' : /^www$/i.test(p) ? 'w w w' : speakCore(p, {}, 5)))
    .filter(Boolean)
    .join(' ');
}

/** A word of letters (and inner apostrophes): acronyms spelled or said, everything else lower-cased. */
function speakWord(word: string, ctx: SpokenContext): string {
  const letters = word.replace(/'/g, '');
  if (/^\p{Lu}+$/u.test(letters) && letters.length >= 1) {
    if (MONTHS_UPPER[letters]) return MONTHS_UPPER[letters];
    if (ctx.upperCaseRun || SHORT_WORDS.has(letters)) return word.toLowerCase();
    if (letters in WORD_ACRONYMS) return WORD_ACRONYMS[letters];
    return isPronounceableAcronym(letters) ? word.toLowerCase() : spellLetters(letters);
  }
  // Plural acronyms: "MPs", "NGOs", "UAVs".
  const plural = /^(\p{Lu}{2,})s$/u.exec(word);
  if (plural && !ctx.upperCaseRun) {
    const base = speakWord(plural[1], ctx);
    return base.includes(' ') ? `${base} s` : `${base}s`;
  }
  return word.toLowerCase();
}

/**
 * English spoken form of a token (see the module comment). `context` gives the neighbouring
 * tokens as written, which decide "2014" (a year) against "2014 troops" (a count), "No. 1",
 * "St." (saint or street) and where a currency's name is said.
 */
export function spokenFormEnglish(token: string, context: SpokenContext = {}): string {
  let s = stripWrapping(cleanTokenChars(token));
  if (!ALNUM.test(s) && !/[&%$€£¥₴₽+=@½¼¾⅓⅔]/.test(s) && !/^[-\u2012\u2013\u2014\u2015]+$/.test(s)) return '';

  // Abbreviations, checked with their dots.
  const nextBare = bare(context.next);
  if (/^no\.$/i.test(s) || /^nos\.$/i.test(s)) {
    if (/^#?\d/.test(nextBare)) return s.length === 3 ? 'number' : 'numbers';
  } else if (/^St\.?$/.test(s)) {
    // "St. Petersburg" (saint) against "Downing St." (street): after a name and before no name.
    const prevCapital = !!context.prev && /^\p{Lu}/u.test(stripWrapping(cleanTokenChars(context.prev)));
    const nextCapital = !!context.next && /^\p{Lu}/u.test(stripWrapping(cleanTokenChars(context.next)));
    return prevCapital && !nextCapital ? 'street' : 'saint';
  } else if (ABBREVIATIONS[s]) {
    return ABBREVIATIONS[s];
  } else if (ABBREVIATIONS_ANY_CASE[s.toLowerCase()] && (s.includes('.') || s.toLowerCase() !== 'am')) {
    if (!/^no\.?$/i.test(s)) return ABBREVIATIONS_ANY_CASE[s.toLowerCase()];
  }
  // Dotted acronyms and initials: "U.S.", "U.K", "J." → spelled.
  if (/^(\p{L}\.)+\p{L}?\.?$/u.test(s) && s.replace(/\./g, '').length <= 6) return spellLetters(s);
  if (/^\.+$/.test(s)) return '';
  s = s.replace(/\.+$/, '');

  return finish(speakCore(s, context, 0));
}

/** Final cleanup: lower case, letters/digits/inner apostrophes only, single spaces. */
function finish(said: string): string {
  return said
    .toLowerCase()
    .replace(/\d+/g, (d) => ` ${cardinalWords(d)} `)
    .replace(/[^\p{L}\p{M}' ]+/gu, ' ')
    .replace(/'{2,}/g, "'")
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const SEPARATOR_GUARD: Record<string, string> = { '.': '\u0001', ',': '\u0002', ':': '\u0003' };

/**
 * Spoken form for a language other than English: the token lower-cased, without punctuation.
 * Number reading is left to eSpeak, whose voices read digits, "%" and currency signs in their
 * own language; so digits keep their inner separators ("2,5", "1.000") and the signs % € $ £
 * stay, and hyphens and slashes between words become spaces.
 */
export function spokenFormVerbatim(token: string, language = 'und'): string {
  let s = stripWrapping(cleanTokenChars(token));
  try {
    s = s.toLocaleLowerCase(language);
  } catch {
    s = s.toLowerCase();
  }
  s = s
    // protect digit-inner separators from the punctuation sweep
    .replace(/(\d)([.,:])(?=\d)/g, (_, d: string, sep: string) => d + SEPARATOR_GUARD[sep])
    .replace(/[^\p{L}\p{M}\p{N}'%€$£¥&+\u0001-\u0003]+/gu, ' ')
    .replace(/[\u0001-\u0003]/g, (c) => '.,:'[c.charCodeAt(0) - 1])
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return /[\p{L}\p{N}%€$£¥&]/u.test(s) ? s : '';
}

/** Whether a language tag means English ("en", "en-GB", "eng"). */
export function isEnglish(language: string | undefined): boolean {
  return !language || /^(en|eng|english)([-_].*)?$/i.test(language);
}

/**
 * Spoken form of one written token, for the synthetic reference. English gets full
 * normalization (numbers, money, acronyms, abbreviations); other languages get the
 * lower-cased word without punctuation, because eSpeak reads digits in its own voices.
 */
export function spokenForm(token: string, context: SpokenContext = {}): string {
  return isEnglish(context.language) ? spokenFormEnglish(token, context) : spokenFormVerbatim(token, context.language);
}
