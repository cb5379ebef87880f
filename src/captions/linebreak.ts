/**
 * Where a line (or a cue) may be broken between two words, and the best layout of a cue's
 * words into balanced lines. Professional rules (Netflix/BBC): break after punctuation and
 * before conjunctions or prepositions; never between article and noun, adjective and noun,
 * first and last name, or pronoun and verb. Word classes come from small English word lists
 * and suffix heuristics: cheap, deterministic, and wrong only in ways that cost a nicer break.
 */

const ARTICLES = new Set([
  // "her" is left out: as an object pronoun ("told her / that") a break after it is fine.
  'a', 'an', 'the', 'this', 'these', 'those', 'my', 'your', 'his', 'its', 'our', 'their',
  'every', 'each', 'some', 'any', 'no', 'another', 'such', 'whose', 'both', 'either', 'neither',
]);
const PREPOSITIONS = new Set([
  'of', 'in', 'on', 'at', 'to', 'for', 'with', 'from', 'by', 'about', 'into', 'onto', 'over', 'under',
  'between', 'among', 'through', 'during', 'before', 'after', 'against', 'without', 'within', 'across',
  'towards', 'toward', 'upon', 'around', 'behind', 'beyond', 'since', 'until', 'via', 'per', 'like',
  'near', 'along', 'amid', 'despite', 'following', 'regarding', 'including', 'throughout', 'beside',
]);
const CONJUNCTIONS = new Set([
  'and', 'but', 'or', 'nor', 'so', 'yet', 'because', 'although', 'though', 'while', 'whereas', 'if',
  'unless', 'when', 'whenever', 'where', 'whether', 'which', 'who', 'whom', 'that', 'as', 'than',
  'once', 'where', 'wherever', 'however',
]);
const SUBJECT_PRONOUNS = new Set(['i', 'you', 'he', 'she', 'it', 'we', 'they', 'there']);
const AUXILIARIES = new Set([
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did',
  'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', 'shall', 'not', "don't", "can't",
  "won't", "isn't", "aren't", "didn't", "doesn't", "wasn't", "weren't", "haven't", "hasn't",
]);
const ADJECTIVES = new Set([
  'new', 'good', 'great', 'big', 'small', 'strong', 'clear', 'last', 'first', 'next', 'more', 'most',
  'other', 'many', 'several', 'large', 'high', 'long', 'full', 'key', 'major', 'old', 'young', 'whole',
  'same', 'own', 'real', 'best', 'better', 'huge', 'deep', 'wide', 'broad', 'short', 'low', 'free',
  'fair', 'few', 'much', 'early', 'late', 'top', 'main', 'little', 'certain', 'recent', 'important',
  'significant', 'urgent', 'robust', 'excellent', 'different', 'current', 'serious', 'second', 'third',
  'further', 'extra', 'wartime', 'open', 'close', 'hard', 'safe', 'secure', 'common', 'joint', 'vital',
]);
/** Nouns that end like adjectives; keeps "proposal / to" from being treated as "adjective + noun". */
const NOT_ADJECTIVES = new Set([
  'general', 'proposal', 'approval', 'capital', 'arrival', 'signal', 'potential', 'objective', 'initiative',
  'executive', 'representative', 'alternative', 'official', 'republic', 'public', 'secretary', 'summary',
  'january', 'february', 'library', 'ministry', 'principal', 'individual', 'rival', 'trial',
  'terminal', 'journal', 'animal', 'total', 'interval', 'arsenal', 'topic', 'logic', 'music', 'clinic',
  'traffic', 'critic', 'relative', 'native', 'motive', 'detective', 'directive', 'offensive', 'missile',
]);
const ADJECTIVE_SUFFIX = /(?:al|ous|ive|ful|less|able|ible|ic|ical|ish|ary|ern|ese|ant|ent|ian)$/;

/** Letters of a token without surrounding punctuation, lower-cased: `"(Ukraine)."` → `ukraine`. */
export function bareWord(token: string): string {
  return token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/u;
const CLAUSE_END = /[,;:—–]["'”’)\]]*$/u;
const isCapitalised = (token: string): boolean => /^["'“‘(]?\p{Lu}/u.test(token);
const isNumber = (token: string): boolean => /^[$€£]?\d[\d.,]*%?$/u.test(token);
const isWordy = (bare: string): boolean => /^\p{L}/u.test(bare);

function isAdjectiveLike(bare: string): boolean {
  if (ADJECTIVES.has(bare)) return true;
  if (NOT_ADJECTIVES.has(bare) || bare.length < 5) return false;
  if (/ment$|ant$/.test(bare) && !/(?:ificant|ortant|evant|gnant)$/.test(bare)) return false;
  return ADJECTIVE_SUFFIX.test(bare);
}

/** A lower-case content word: the kind of word a noun or verb is. */
const isContentWord = (token: string, bare: string): boolean =>
  isWordy(bare) &&
  !isCapitalised(token) &&
  !ARTICLES.has(bare) &&
  !PREPOSITIONS.has(bare) &&
  !CONJUNCTIONS.has(bare);

/**
 * Cost of breaking between `left` and `right` (adjacent tokens): negative is a good place,
 * positive a bad one. Roughly −3 (after a full stop) … +5 (between article and noun).
 */
export function breakPenalty(left: string, right: string): number {
  if (SENTENCE_END.test(left)) return -3;
  if (CLAUSE_END.test(left)) return -2;
  if (/^[—–-]$/u.test(right)) return -1.5;
  const l = bareWord(left);
  const r = bareWord(right);
  if (l === '' || r === '') return 0;
  if (ARTICLES.has(l)) return 5;
  if (SUBJECT_PRONOUNS.has(l) && (AUXILIARIES.has(r) || isContentWord(right, r))) return 4;
  if (isCapitalised(left) && isCapitalised(right) && l !== 'i' && isWordy(r)) return 4;
  if (isNumber(left) && isContentWord(right, r)) return 3; // "485 / billion", "20% / increase"
  if (/['’]s$/u.test(left) && isContentWord(right, r)) return 3;
  if (isAdjectiveLike(l) && isContentWord(right, r)) return 2.5;
  if (PREPOSITIONS.has(l)) return 2;
  if (CONJUNCTIONS.has(l)) return 1.5;
  if (AUXILIARIES.has(l) && isContentWord(right, r)) return 1.5;
  if (CONJUNCTIONS.has(r)) return -1;
  if (PREPOSITIONS.has(r)) return -0.5;
  return 0;
}

/** One unit of layout: a word (or the speaker marker, or a piece of an over-long word). */
export interface LayoutToken {
  text: string;
  /** True when this token continues the previous one without a space (a chopped over-long word). */
  glue?: boolean;
  /** Fixed cost of breaking after this token, overriding the word-class rules. */
  breakAfter?: number;
}

export interface Layout {
  lines: string[];
  cost: number;
}

/** Weight of line imbalance: lines 20 characters apart (of 42) cost about 1.4, like a weak break. */
const BALANCE_WEIGHT = 6;

/** Cost of breaking after token `i` (between tokens i and i+1). */
export function tokenBreakCost(tokens: readonly LayoutToken[], i: number): number {
  const left = tokens[i];
  const right = tokens[i + 1];
  if (left.breakAfter !== undefined) return left.breakAfter;
  if (right.glue) return 0.5;
  return breakPenalty(left.text, right.text);
}

/** Length of tokens[from..to) laid out on one line. */
function span(lengths: readonly number[], tokens: readonly LayoutToken[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) n += lengths[k] + (k > from && !tokens[k].glue ? 1 : 0);
  return n;
}

/**
 * Lay tokens out in the fewest lines that fit (a cue that fits one line stays one line),
 * choosing break points by break quality plus line balance. Null when no layout fits in
 * `maxLines` lines of `maxLineLength` characters.
 */
export function layoutLines(tokens: readonly LayoutToken[], maxLineLength: number, maxLines: number): Layout | null {
  const n = tokens.length;
  if (n === 0) return { lines: [], cost: 0 };
  const lengths = tokens.map((t) => lineLengthOf(t.text));
  const total = span(lengths, tokens, 0, n);
  if (total <= maxLineLength) return { lines: [joinTokens(tokens, 0, n)], cost: 0 };
  const minLines = Math.max(2, Math.ceil((total + 1) / (maxLineLength + 1)));
  for (let lines = minLines; lines <= Math.min(maxLines, n); lines++) {
    const layout = bestLayout(tokens, lengths, total, lines, maxLineLength);
    if (layout) return layout;
  }
  return null;
}

/** Dynamic programme over break positions for exactly `count` lines. */
function bestLayout(
  tokens: readonly LayoutToken[],
  lengths: readonly number[],
  total: number,
  count: number,
  maxLineLength: number,
): Layout | null {
  const n = tokens.length;
  const target = total / count;
  const lineCost = (len: number): number => BALANCE_WEIGHT * ((len - target) / maxLineLength) ** 2;
  // cost[l][t]: best cost of putting tokens[0..t) on l lines; from[l][t]: where line l starts.
  const cost: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-1));
  cost[0][0] = 0;
  for (let l = 1; l <= count; l++) {
    for (let t = l; t <= n - (count - l); t++) {
      for (let s = t - 1; s >= l - 1; s--) {
        const len = span(lengths, tokens, s, t);
        if (len > maxLineLength) break;
        if (cost[l - 1][s] === Infinity) continue;
        const breakCost = t < n ? tokenBreakCost(tokens, t - 1) : 0;
        // Bottom-heavy lines read more easily; prefer them slightly when otherwise equal.
        const shape = l === 1 && count === 2 && len > total - len ? 0.1 : 0;
        const c = cost[l - 1][s] + lineCost(len) + breakCost + shape;
        if (c < cost[l][t]) {
          cost[l][t] = c;
          from[l][t] = s;
        }
      }
    }
  }
  if (cost[count][n] === Infinity) return null;
  const lines: string[] = [];
  for (let l = count, t = n; l > 0; l--) {
    const s = from[l][t];
    lines.unshift(joinTokens(tokens, s, t));
    t = s;
  }
  return { lines, cost: cost[count][n] };
}

function joinTokens(tokens: readonly LayoutToken[], from: number, to: number): string {
  let out = '';
  for (let k = from; k < to; k++) out += (k > from && !tokens[k].glue ? ' ' : '') + tokens[k].text;
  return out;
}

function lineLengthOf(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
