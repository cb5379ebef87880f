/**
 * The reviewer's edits as pure functions on an EditState: each returns a new state (the page
 * keeps the old one for undo) or throws an EditError with a sentence to show. Cues stay sorted
 * by start and every cue keeps end > start, so the state can always be written as WebVTT;
 * the caption rules themselves (line length, reading speed, gaps…) are judged by capsync's
 * linter on the exported text, not here.
 */
import { layoutLines, type LayoutToken } from '../../captions/linebreak.js';
import type { RuleLimits } from '../../captions/rules.js';
import type { EditState, ReviewChapter, ReviewCue } from './types.js';

export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** Shortest cue an edit may leave (a split or a time change), seconds. */
export const MIN_EDIT_CUE_SECONDS = 0.1;
/** A cue added at the playhead lasts this long (or until the next cue). */
export const NEW_CUE_SECONDS = 2;

const round3 = (t: number): number => Math.round(t * 1000) / 1000;

function byStart<T extends { start: number }>(items: readonly T[]): T[] {
  // Stable: equal starts keep their order.
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.start - b.item.start || a.i - b.i).map((x) => x.item);
}

function findCue(state: EditState, id: string): number {
  const i = state.cues.findIndex((c) => c.id === id);
  if (i < 0) throw new EditError(`no cue ${id}`);
  return i;
}

function findChapter(state: EditState, id: string): number {
  const i = state.chapters.findIndex((c) => c.id === id);
  if (i < 0) throw new EditError(`no chapter ${id}`);
  return i;
}

function withCues(state: EditState, cues: ReviewCue[], nextId = state.nextId): EditState {
  return { ...state, cues: byStart(cues), nextId };
}

/** Lines as typed: one per line of the text box, blank lines and outer spaces dropped. */
export function linesOfText(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/u)
    .map((l) => l.replace(/\s+/gu, ' ').trim())
    .filter((l) => l !== '');
}

/**
 * Re-break text into balanced lines with capsync's own line breaker. A leading `>>` or `-`
 * speaker marker stays with the first word. Null when the text cannot fit the limits.
 */
export function rewrapLines(text: string, limits: Pick<RuleLimits, 'maxLineLength' | 'maxLines'>): string[] | null {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0) return [];
  const tokens: LayoutToken[] = words.map((w, i) => (i === 0 && (w === '>>' || w === '-') ? { text: w, breakAfter: 10 } : { text: w }));
  const layout = layoutLines(tokens, limits.maxLineLength, limits.maxLines);
  return layout ? layout.lines : null;
}

export function setCueText(state: EditState, id: string, text: string): EditState {
  const i = findCue(state, id);
  const cues = state.cues.slice();
  cues[i] = { ...cues[i], lines: linesOfText(text) };
  return { ...state, cues };
}

export function setCueTimes(state: EditState, id: string, start: number, end: number, duration: number): EditState {
  const i = findCue(state, id);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new EditError('times must be numbers of seconds');
  if (start < 0) throw new EditError('a cue cannot start before 0:00');
  if (duration > 0 && start >= duration) throw new EditError('the cue would start after the end of the recording');
  if (end - start < MIN_EDIT_CUE_SECONDS - 1e-9) throw new EditError(`a cue must end at least ${MIN_EDIT_CUE_SECONDS} s after it starts`);
  const cues = state.cues.slice();
  cues[i] = { ...cues[i], start: round3(start), end: round3(end) };
  return withCues(state, cues);
}

/**
 * Split a cue where the text box's caret is (snapped to the nearest space). `at` is the split
 * time; without it the time is shared out by characters. The two halves are re-broken into
 * lines and a gap of `gapSeconds` is left between them.
 */
export function splitCue(
  state: EditState,
  id: string,
  caret: number,
  limits: Pick<RuleLimits, 'maxLineLength' | 'maxLines' | 'gapMs'>,
  at?: number,
): EditState {
  const i = findCue(state, id);
  const cue = state.cues[i];
  const text = cue.lines.join(' ');
  // The caret counts characters of the lines joined by line breaks: the same length as with spaces.
  const spaces = [...text.matchAll(/ /gu)].map((m) => m.index!);
  if (spaces.length === 0) throw new EditError('this cue has a single word: nothing to split');
  const cut = spaces.reduce((best, s) => (Math.abs(s - caret) < Math.abs(best - caret) ? s : best), spaces[0]);
  const left = text.slice(0, cut).trim();
  const right = text.slice(cut + 1).trim();
  const share = left.length / Math.max(1, left.length + right.length);
  let time = at !== undefined && at > cue.start && at < cue.end ? at : cue.start + share * (cue.end - cue.start);
  const gap = limits.gapMs / 1000;
  let leftEnd = time - gap / 2;
  let rightStart = time + gap / 2;
  if (leftEnd - cue.start < MIN_EDIT_CUE_SECONDS || cue.end - rightStart < MIN_EDIT_CUE_SECONDS) {
    // Too short for a gap: split without one, if the halves are long enough at all.
    time = Math.min(Math.max(time, cue.start + MIN_EDIT_CUE_SECONDS), cue.end - MIN_EDIT_CUE_SECONDS);
    leftEnd = time;
    rightStart = time;
    if (cue.end - cue.start < 2 * MIN_EDIT_CUE_SECONDS) throw new EditError('this cue is too short to split');
  }
  const first: ReviewCue = { ...cue, end: round3(leftEnd), lines: rewrapLines(left, limits) ?? linesOfText(left) };
  const second: ReviewCue = {
    id: `c${state.nextId}`,
    start: round3(rightStart),
    end: cue.end,
    lines: rewrapLines(right, limits) ?? linesOfText(right),
    speaker: cue.speaker,
  };
  const cues = state.cues.slice();
  cues.splice(i, 1, first, second);
  return withCues(state, cues, state.nextId + 1);
}

/** Merge a cue with the one after it: one cue from the first's start to the second's end, text re-broken. */
export function mergeWithNext(state: EditState, id: string, limits: Pick<RuleLimits, 'maxLineLength' | 'maxLines'>): EditState {
  const i = findCue(state, id);
  if (i + 1 >= state.cues.length) throw new EditError('this is the last cue: nothing to merge it with');
  const a = state.cues[i];
  const b = state.cues[i + 1];
  const joined = [...a.lines, ...b.lines].join(' ');
  const merged: ReviewCue = {
    ...a,
    end: Math.max(a.end, b.end),
    // When the text does not fit the rules, keep every line: the checks will say so.
    lines: rewrapLines(joined, limits) ?? [...a.lines, ...b.lines],
  };
  const cues = state.cues.slice();
  cues.splice(i, 2, merged);
  return withCues(state, cues);
}

export function deleteCue(state: EditState, id: string): EditState {
  const i = findCue(state, id);
  const cues = state.cues.slice();
  cues.splice(i, 1);
  return { ...state, cues };
}

/** A new empty cue at `at`, up to the next cue's start (less the gap) or NEW_CUE_SECONDS. */
export function addCue(state: EditState, at: number, duration: number, gapMs: number): { state: EditState; id: string } {
  const start = round3(Math.max(0, at));
  if (duration > 0 && start >= duration - MIN_EDIT_CUE_SECONDS) throw new EditError('too close to the end of the recording for a new cue');
  const inside = state.cues.find((c) => c.start <= start && c.end > start);
  if (inside) throw new EditError('a cue is already showing here: split it or change its times instead');
  const next = state.cues.find((c) => c.start > start);
  let end = start + NEW_CUE_SECONDS;
  if (next) end = Math.min(end, next.start - gapMs / 1000);
  if (duration > 0) end = Math.min(end, duration);
  if (end - start < MIN_EDIT_CUE_SECONDS) throw new EditError('no room for a new cue before the next one');
  const id = `c${state.nextId}`;
  const cue: ReviewCue = { id, start, end: round3(end), lines: [], speaker: null };
  return { state: withCues(state, [...state.cues, cue], state.nextId + 1), id };
}

export function renameChapter(state: EditState, id: string, title: string): EditState {
  const i = findChapter(state, id);
  const chapters = state.chapters.slice();
  chapters[i] = { ...chapters[i], title: title.replace(/\s+/gu, ' ').trim() };
  return { ...state, chapters };
}

export function moveChapter(state: EditState, id: string, start: number, duration: number): EditState {
  const i = findChapter(state, id);
  if (!Number.isFinite(start) || start < 0) throw new EditError('a chapter time must be 0:00 or later');
  if (duration > 0 && start >= duration) throw new EditError('the chapter would start after the end of the recording');
  const chapters = state.chapters.slice();
  chapters[i] = { ...chapters[i], start: round3(start) };
  return { ...state, chapters: byStart(chapters) };
}

export function addChapter(state: EditState, start: number, title: string, duration: number): { state: EditState; id: string } {
  if (!Number.isFinite(start) || start < 0 || (duration > 0 && start >= duration)) throw new EditError('a chapter must start inside the recording');
  const id = `h${state.nextId}`;
  const chapter: ReviewChapter = { id, start: round3(start), title: title.replace(/\s+/gu, ' ').trim() };
  return { state: { ...state, chapters: byStart([...state.chapters, chapter]), nextId: state.nextId + 1 }, id };
}

export function removeChapter(state: EditState, id: string): EditState {
  const i = findChapter(state, id);
  const chapters = state.chapters.slice();
  chapters.splice(i, 1);
  return { ...state, chapters };
}

/** Number of cues and chapters that differ from the original (for "N edits" and "discard"). */
export function countChanges(original: EditState, current: EditState): number {
  const key = (c: ReviewCue): string => `${c.start}|${c.end}|${c.lines.join('\n')}|${c.speaker ?? ''}`;
  const chapterKey = (c: ReviewChapter): string => `${c.start}|${c.title}`;
  const diff = <T extends { id: string }>(a: readonly T[], b: readonly T[], k: (x: T) => string): number => {
    const before = new Map(a.map((x) => [x.id, k(x)]));
    const after = new Map(b.map((x) => [x.id, k(x)]));
    let n = 0;
    for (const [id, v] of after) if (before.get(id) !== v) n++;
    for (const id of before.keys()) if (!after.has(id)) n++;
    return n;
  };
  return diff(original.cues, current.cues, key) + diff(original.chapters, current.chapters, chapterKey);
}
