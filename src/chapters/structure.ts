/**
 * Press-conference structure: sentences with their onsets, speaker roles, and the split of
 * the talk into an opening statement and one block per question (hand-over + question +
 * answer). Pure functions over the shared types.
 */
import type { SpeakerTurn, TimedWord } from '../types.js';
import { isHandOver, isSelfIntroduction } from './cues.js';

/** One sentence of the transcript, as a range of positions in the words array. */
export interface SentenceUnit {
  /** Position of this unit in the units array. */
  pos: number;
  first: number;
  /** Inclusive. */
  last: number;
  /** Onset of the first placed word (a real word onset), or null when none is placed. */
  onset: number | null;
  /** End of the last placed word, or null. */
  end: number | null;
  turn: number;
  startsTurn: boolean;
  startsParagraph: boolean;
  text: string;
}

/** Group words into sentences; a sentence never spans a speaker turn. */
export function buildSentences(words: readonly TimedWord[]): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  let current: SentenceUnit | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = i > 0 ? words[i - 1]! : null;
    if (!current || !prev || w.sentence !== prev.sentence || w.turn !== prev.turn) {
      current = {
        pos: units.length,
        first: i,
        last: i,
        onset: null,
        end: null,
        turn: w.turn,
        startsTurn: !prev || w.turn !== prev.turn,
        startsParagraph: !prev || w.paragraph !== prev.paragraph || w.turn !== prev.turn,
        text: '',
      };
      units.push(current);
    }
    current.last = i;
    if (w.start !== null && current.onset === null) current.onset = w.start;
    if (w.end !== null) current.end = Math.max(current.end ?? w.end, w.end);
  }
  for (const u of units) u.text = words.slice(u.first, u.last + 1).map((w) => w.text).join(' ');
  return units;
}

export type Role = NonNullable<SpeakerTurn['role']>;

/** Role from a label when the parser left it null ("Moderator", "Q", "Journalist"). */
export function guessRoleFromLabel(label: string | null): Role | null {
  if (!label) return null;
  const l = label.trim().toLowerCase();
  if (/^(?:q|question|questions|journalist|reporter|press|audience|journaliste)(?![\p{L}\p{N}])/u.test(l)) return 'question';
  if (/(?<![\p{L}\p{N}])(?:moderator|spokesperson|spokesman|spokeswoman|press secretary|chair|modérateur|modératrice|porte-parole|animateur|animatrice)(?![\p{L}\p{N}])/u.test(l)) return 'moderator';
  if (/^(?:a|answer|r|réponse)$/u.test(l)) return 'answer';
  return 'host';
}

/**
 * Effective role of each turn. Labels win; unlabelled turns (a plain transcript, `>>`
 * markers in captions) are guessed from their text: a turn that introduces a journalist or
 * asks something and is followed by someone else is a question; a short turn handing over
 * the floor is the moderator.
 */
export function resolveRoles(turnCount: number, turns: readonly SpeakerTurn[], units: readonly SentenceUnit[]): Array<Role | null> {
  const roles: Array<Role | null> = new Array(turnCount).fill(null);
  const byTurn = new Map<number, SentenceUnit[]>();
  for (const u of units) {
    const list = byTurn.get(u.turn) ?? [];
    list.push(u);
    byTurn.set(u.turn, list);
  }
  const labelled = turns.some((t) => t.label);
  for (let t = 0; t < turnCount; t++) {
    const turn = turns.find((x) => x.index === t);
    let role: Role | null = turn?.role ?? guessRoleFromLabel(turn?.label ?? null);
    if (!role && !labelled && byTurn.has(t) && turnCount > 1) {
      const sents = byTurn.get(t)!;
      const text = sents.map((s) => s.text).join(' ');
      const wordCount = sents.reduce((n, s) => n + s.last - s.first + 1, 0);
      const hasNext = t + 1 < turnCount;
      if (hasNext && (isSelfIntroduction(sents[0]!.text) || (/\?/.test(text) && wordCount < 150))) role = 'question';
      else if (hasNext && wordCount < 40 && isHandOver(text)) role = 'moderator';
      else role = 'host';
    }
    roles[t] = role;
  }
  return roles;
}

export interface Block {
  kind: 'statement' | 'question';
  /** Unit positions, inclusive. */
  firstUnit: number;
  lastUnit: number;
  /** For question blocks: the turn index of the (first) question. */
  questionTurn: number | null;
}

/**
 * Split the talk into the statement part and one block per question. A question block
 * starts at the moderator hand-over right before it (the moderator names the outlet there)
 * and runs to the next hand-over or question. A question straight after an answer, with no
 * hand-over, in a moderated Q&A is a follow-up of the same journalist unless it introduces
 * a new outlet.
 */
export function splitBlocks(units: readonly SentenceUnit[], roles: ReadonlyArray<Role | null>): Block[] {
  if (units.length === 0) return [];
  // Turn runs in order of appearance.
  const runs: Array<{ turn: number; firstUnit: number; lastUnit: number }> = [];
  for (const u of units) {
    const last = runs[runs.length - 1];
    if (last && last.turn === u.turn) last.lastUnit = u.pos;
    else runs.push({ turn: u.turn, firstUnit: u.pos, lastUnit: u.pos });
  }
  const roleOf = (r: { turn: number }) => roles[r.turn] ?? null;
  const firstQuestion = runs.findIndex((r) => roleOf(r) === 'question');
  if (firstQuestion < 0) return [{ kind: 'statement', firstUnit: 0, lastUnit: units.length - 1, questionTurn: null }];

  const moderated = runs.some((r) => roleOf(r) === 'moderator');
  const blocks: Block[] = [];
  // Walk back over the moderator turns directly before the first question: the hand-over.
  let qaStart = firstQuestion;
  while (qaStart - 1 >= 0 && roleOf(runs[qaStart - 1]!) === 'moderator') qaStart--;
  // A moderator turn that opens the event (before any statement) stays with the statement.
  if (qaStart === 0 && firstQuestion > 0) qaStart = firstQuestion;
  if (qaStart > 0) blocks.push({ kind: 'statement', firstUnit: 0, lastUnit: runs[qaStart - 1]!.lastUnit, questionTurn: null });

  let i = qaStart;
  while (i < runs.length) {
    const q = runs.findIndex((r, k) => k >= i && roleOf(r) === 'question');
    if (q < 0) {
      // Closing words after the last answer belong to the last block.
      const last = blocks[blocks.length - 1]!;
      last.lastUnit = runs[runs.length - 1]!.lastUnit;
      break;
    }
    let end = q + 1;
    // Extend over answers and follow-ups until the next hand-over or new question.
    while (end < runs.length) {
      const r = runs[end]!;
      const role = roleOf(r);
      if (role === 'question') {
        const prevRole = roleOf(runs[end - 1]!);
        const followUp = moderated && prevRole !== 'moderator' && !isSelfIntroduction(units[r.firstUnit]!.text);
        if (!followUp) break;
      }
      if (role === 'moderator') {
        // A moderator turn opens the next block only if a question follows it.
        let k = end;
        while (k < runs.length && roleOf(runs[k]!) === 'moderator') k++;
        if (k < runs.length && roleOf(runs[k]!) === 'question') break;
      }
      end++;
    }
    blocks.push({ kind: 'question', firstUnit: runs[i]!.firstUnit, lastUnit: runs[end - 1]!.lastUnit, questionTurn: runs[q]!.turn });
    i = end;
  }
  return blocks;
}
