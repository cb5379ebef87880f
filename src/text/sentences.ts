/**
 * Sentence boundaries between written tokens. A full stop ends a sentence unless it closes
 * an abbreviation ("Mr.", "No. 1", "Gen."), an initial ("John F. Kennedy") or a dotted
 * acronym followed by a name ("the U.S. Secretary of Defence"); a decimal ("2.5") has its dot
 * inside the token and never counts.
 */
import { cleanTokenChars } from './spoken.js';

/** Abbreviations that are never the end of a sentence (titles, "No."), lower-cased without the dot. */
const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'gen', 'lt', 'col', 'sgt', 'capt', 'maj', 'adm', 'amb', 'sen', 'rep',
  'gov', 'pres', 'mt', 'no', 'nos', 'vs', 'e.g', 'i.e', 'approx', 'cf', 'fig', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'hon', 'rt', 'gen', 'brig', 'cmdr', 'lt.col',
]);
/** Abbreviations that may end a sentence: end one only when a typical sentence opener follows. */
const MAYBE_FINAL = /^((\p{L}\.){2,}|(\p{L}\.)+\p{L}|etc|inc|ltd|jr|sr|co|corp|a\.m|p\.m)\.?$/iu;
/** Words that start sentences; after "U.S." they mean a new sentence, a name means the same one. */
const OPENERS = new Set([
  'we', 'i', 'the', 'it', 'this', 'that', 'these', 'those', 'and', 'but', 'so', 'in', 'our', 'they', 'he', 'she',
  'there', 'as', 'at', 'on', 'for', 'what', 'how', 'why', 'let', 'now', 'thank', 'thanks', 'yes', 'no', 'a', 'an',
  'if', 'when', 'you', 'my', 'all', 'many', 'today', 'also', 'then', 'however', 'because', 'since', 'with',
]);

function firstLetterOf(token: string): string {
  return /[\p{L}\p{N}]/u.exec(token)?.[0] ?? '';
}

/** Whether the written token `token` ends a sentence, given the token that follows (if any). */
export function endsSentence(token: string, next: string | null | undefined): boolean {
  const t = cleanTokenChars(token).replace(/["'\)\]}»*]+$/, '');
  if (/[!?]$/.test(t)) return true;
  const nextLetter = next ? firstLetterOf(next) : '';
  const nextLower = !!nextLetter && nextLetter !== nextLetter.toUpperCase();
  if (t.endsWith('...')) return !!next && !nextLower && nextLetter !== '';
  if (!t.endsWith('.')) return false;
  const core = t.replace(/^["'(\[{«*]+/, '').replace(/\.$/, '');
  // A lone "." token ends nothing; emoji before a full stop ("morning 👋🇺🇦.") do.
  if (!/[\p{L}\p{N}\p{S}\p{Extended_Pictographic}\p{Regional_Indicator}]/u.test(core)) return false;
  if (NEVER_FINAL.has(core.toLowerCase())) return false;
  if (/^\p{Lu}$/u.test(core)) return false; // an initial
  if (!next) return true;
  if (nextLower) return false;
  if (MAYBE_FINAL.test(`${core}.`)) {
    const nextWord = cleanTokenChars(next).replace(/^["'(\[{«*]+/, '').replace(/[^\p{L}'].*$/u, '').toLowerCase();
    return OPENERS.has(nextWord);
  }
  return true;
}
