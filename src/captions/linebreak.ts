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
  // A French "3 %" or "40 €" is one quantity written with a space: never split it.
  if (/^[%‰€$£¥]$/u.test(right) && /\d$/u.test(left)) return 8;
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
  /** Display length of `text` (code points), when the caller has it already. */
  length?: number;
}

export interface Layout {
  lines: string[];
  cost: number;
  /** Characters on all lines together (what reading speed counts). */
  chars: number;
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

/**
 * Length of tokens[from..to) laid out on one line, in O(1) from prefix sums: `chars[k]` is the
 * length of tokens before k, `spaces[k]` the number of non-glued tokens before k.
 */
interface Measure {
  chars: number[];
  spaces: number[];
}

function measure(tokens: readonly LayoutToken[]): Measure {
  const chars = [0];
  const spaces = [0];
  tokens.forEach((t, k) => {
    chars.push(chars[k] + (t.length ?? lineLengthOf(t.text)));
    spaces.push(spaces[k] + (t.glue ? 0 : 1));
  });
  return { chars, spaces };
}

function span(m: Measure, from: number, to: number): number {
  // Spaces go before every non-glued token except the line's first.
  return m.chars[to] - m.chars[from] + (m.spaces[to] - m.spaces[from + 1]);
}

/** A layout as positions: line k holds tokens[starts[k] .. starts[k+1]). */
export interface LayoutPlan {
  starts: number[];
  cost: number;
  /** Characters on all lines together (what reading speed counts). */
  chars: number;
}

/**
 * Lay tokens out in the fewest lines that fit (a cue that fits one line stays one line),
 * choosing break points by break quality plus line balance. Null when no layout fits in
 * `maxLines` lines of `maxLineLength` characters.
 */
export function layoutLines(tokens: readonly LayoutToken[], maxLineLength: number, maxLines: number): Layout | null {
  const plan = planLayout(tokens, maxLineLength, maxLines);
  return plan && { lines: planLines(tokens, plan), cost: plan.cost, chars: plan.chars };
}

/** The text of each line of a plan. */
export function planLines(tokens: readonly LayoutToken[], plan: LayoutPlan): string[] {
  return plan.starts.map((s, k) => joinTokens(tokens, s, k + 1 < plan.starts.length ? plan.starts[k + 1] : tokens.length));
}

/** layoutLines without building strings: the builder tries thousands of layouts and keeps few. */
export function planLayout(tokens: readonly LayoutToken[], maxLineLength: number, maxLines: number): LayoutPlan | null {
  const n = tokens.length;
  if (n === 0) return { starts: [], cost: 0, chars: 0 };
  const m = measure(tokens);
  const total = span(m, 0, n);
  if (total <= maxLineLength) return { starts: [0], cost: 0, chars: total };
  const minLines = Math.max(2, Math.ceil((total + 1) / (maxLineLength + 1)));
  for (let lines = minLines; lines <= Math.min(maxLines, n); lines++) {
    const plan = bestLayout(tokens, m, total, lines, maxLineLength);
    if (plan) return plan;
  }
  return null;
}

/** Best layout in exactly `count` lines: a direct scan for two lines, a dynamic programme beyond. */
function bestLayout(tokens: readonly LayoutToken[], m: Measure, total: number, count: number, maxLineLength: number): LayoutPlan | null {
  const n = tokens.length;
  const target = total / count;
  const lineCost = (len: number): number => BALANCE_WEIGHT * ((len - target) / maxLineLength) ** 2;
  if (count === 2) {
    let bestCost = Infinity;
    let bestBreak = -1;
    for (let b = 1; b < n; b++) {
      const first = span(m, 0, b);
      const second = span(m, b, n);
      if (first > maxLineLength) break;
      if (second > maxLineLength) continue;
      // Bottom-heavy lines read more easily; prefer them slightly when otherwise equal.
      const cost = lineCost(first) + lineCost(second) + tokenBreakCost(tokens, b - 1) + (first > second ? 0.1 : 0);
      if (cost < bestCost) {
        bestCost = cost;
        bestBreak = b;
      }
    }
    if (bestBreak < 0) return null;
    return { starts: [0, bestBreak], cost: bestCost, chars: span(m, 0, bestBreak) + span(m, bestBreak, n) };
  }
  const breakCosts = tokens.map((_, i) => (i + 1 < n ? tokenBreakCost(tokens, i) : 0));
  // cost[l][t]: best cost of putting tokens[0..t) on l lines; from[l][t]: where line l starts.
  const cost: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-1));
  cost[0][0] = 0;
  for (let l = 1; l <= count; l++) {
    for (let t = l; t <= n - (count - l); t++) {
      for (let s = t - 1; s >= l - 1; s--) {
        const len = span(m, s, t);
        if (len > maxLineLength) break;
        if (cost[l - 1][s] === Infinity) continue;
        const c = cost[l - 1][s] + lineCost(len) + (t < n ? breakCosts[t - 1] : 0);
        if (c < cost[l][t]) {
          cost[l][t] = c;
          from[l][t] = s;
        }
      }
    }
  }
  if (cost[count][n] === Infinity) return null;
  const starts: number[] = [];
  let chars = 0;
  for (let l = count, t = n; l > 0; l--) {
    const s = from[l][t];
    starts.unshift(s);
    chars += span(m, s, t);
    t = s;
  }
  return { starts, cost: cost[count][n], chars };
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
