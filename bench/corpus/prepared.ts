/**
 * "As prepared" variants of full-text recordings: the same audio with its transcript edited the
 * way bench/corpus/build.ts edits an as-prepared case (one spoken sentence missing from the text,
 * one ~60-word paragraph never spoken, words substituted, dropped or inserted at a drawn rate),
 * the truth carried over token by token. The editing is text only, so a set with few as-prepared
 * recordings gets one per full text, in every room it has, without synthesizing anything.
 *
 *   npx tsx bench/corpus/prepared.ts --set tuning     # bench/.cache/sets/tuning-prepared/<case>-prep/
 *
 * Variants of a held-out set are held-out too (their folder keeps the set's name).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { editWords, type TEntry } from './build.js';
import { Rng } from './rng.js';
import { PressConference } from './textgen.js';
import { checkTruth, type Truth, type TruthToken, type TruthUntranscribed } from '../lib/truth.js';

const HOST_LABEL = 'NATO Secretary General:';
const UNSPOKEN_PARAGRAPH_WORDS = 60;
/** Word edits per spoken token, drawn per recording like an as-prepared scenario's (scenario.ts). */
const EDIT_RATE_RANGE: [number, number] = [0.03, 0.08];

/** A transcript token; `ref` is its index in the source truth's tokens (null: text never spoken). */
type Entry = TEntry;
interface Paragraph {
  entries: Entry[];
  unspoken?: boolean;
}
interface Turn {
  label: string;
  paragraphs: Paragraph[];
}

const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9%]+/g, ' ').trim();
const endsSentence = (token: string) => /[.?!]["'”’)]*$/.test(token);

/** The transcript's turns and paragraphs, each token tied to its truth token (checked one by one). */
function parseTurns(text: string, tokens: readonly TruthToken[]): Turn[] {
  const turns: Turn[] = [];
  let next = 0;
  let turn: Turn | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      turn = null;
      continue;
    }
    if (!turn) {
      turn = { label: line.trim(), paragraphs: [] };
      turns.push(turn);
      continue;
    }
    const entries = line.split(/\s+/).filter(Boolean).map((t) => {
      const truth = tokens[next];
      if (!truth || truth.text !== t) throw new Error(`transcript token ${next} "${t}" is not the truth's "${truth?.text}"`);
      return { text: t, ref: next++ };
    });
    turn.paragraphs.push({ entries });
  }
  if (next !== tokens.length) throw new Error(`transcript has ${next} tokens, truth ${tokens.length}`);
  return turns;
}

function sentencesOf(p: Paragraph): Entry[][] {
  const out: Entry[][] = [[]];
  for (const e of p.entries) {
    out[out.length - 1].push(e);
    if (endsSentence(e.text)) out.push([]);
  }
  return out.filter((s) => s.length);
}

export function prepareVariant(name: string, truth: Truth, transcript: string): { transcript: string; truth: Truth; note: string } {
  const r = new Rng(`prepared:${name}`);
  const turns = parseTurns(transcript, truth.transcriptTokens);
  const flat = turns.flatMap((t) => t.paragraphs.map((p, pi) => ({ t, p, pi, host: t.label === HOST_LABEL })));
  const n = flat.length;

  // 1. A spoken sentence missing from the text, inside a host paragraph in the second half
  //    (else anywhere, else a paragraph's last sentence), as build.ts chooses it.
  let missing: Entry[] | null = null;
  for (const [from, inner] of [[Math.floor(n * 0.45), true], [0, true], [0, false]] as const) {
    for (let k = from; k < n && !missing; k++) {
      if (!flat[k].host) continue;
      const ss = sentencesOf(flat[k].p);
      const pool = inner ? ss.slice(1, -1) : ss.length >= 2 ? ss.slice(1) : [];
      missing = pool.find((s) => s.length >= (inner ? 8 : 5) && s.every((e) => truth.transcriptTokens[e.ref!].spoken)) ?? null;
    }
    if (missing) break;
  }
  if (!missing) throw new Error(`${name}: no sentence to leave out`);
  const missingSet = new Set(missing);
  for (const f of flat) f.p.entries = f.p.entries.filter((e) => !missingSet.has(e));

  // 2. A generated paragraph never spoken, between two paragraphs of a later host turn; none of
  //    its sentences may be one the recording says.
  const said = normalize(truth.transcriptTokens.map((t) => t.text).join(' '));
  const conf = new PressConference(`prepared:${name}`);
  let unspoken: Paragraph | null = null;
  for (let attempt = 0; attempt < 20 && !unspoken; attempt++) {
    const para = conf.paragraphOfWords(UNSPOKEN_PARAGRAPH_WORDS);
    if (para.sentences.some((s) => said.includes(normalize(s.tokens.join(' '))))) continue;
    unspoken = { entries: para.sentences.flatMap((s) => s.tokens.map((text) => ({ text, ref: null }))), unspoken: true };
  }
  if (!unspoken) throw new Error(`${name}: no unspoken paragraph that the recording does not say`);
  let inserted = false;
  for (const from of [Math.floor(n * 0.68), 0]) {
    for (let k = from; k < n && !inserted; k++) {
      const { t, pi, host } = flat[k];
      if (host && pi < t.paragraphs.length - 1 && t.paragraphs.slice(pi, pi + 2).every((p) => p.entries.length)) {
        t.paragraphs.splice(pi + 1, 0, unspoken);
        inserted = true;
      }
    }
    if (inserted) break;
  }
  if (!inserted) throw new Error(`${name}: no place for the unspoken paragraph`);

  // 3. Word edits, as build.ts makes them.
  const editRate = Math.round(r.range(...EDIT_RATE_RANGE) * 1000) / 1000;
  const edits = editWords(
    turns.flatMap((t) => t.paragraphs.filter((p) => !p.unspoken)),
    editRate,
    r,
    (e) => e.ref !== null && truth.transcriptTokens[e.ref].spoken && /[A-Za-z0-9]/.test(e.text),
  );
  const { subs, dels, ins } = edits;
  const dropped = new Set<number>([...missing, ...edits.dropped].map((e) => e.ref!));

  // The new transcript and its tokens; the truth's words re-pointed at them.
  const lines: string[] = [];
  const tokens: TruthToken[] = [];
  const newIndex = new Map<number, number>();
  const unspokenParagraphs: Truth['unspokenParagraphs'] = [];
  for (const t of turns) {
    const paragraphs = t.paragraphs.filter((p) => p.entries.length);
    if (!paragraphs.length) continue;
    if (lines.length) lines.push('');
    lines.push(t.label);
    for (const p of paragraphs) {
      const first = tokens.length;
      for (const e of p.entries) {
        const index = tokens.length;
        const source = e.ref === null ? null : truth.transcriptTokens[e.ref];
        const token: TruthToken = source
          ? { index, text: e.text, spoken: source.spoken, start: source.start, end: source.end }
          : { index, text: e.text, spoken: false, start: null, end: null };
        if (e.edit) token.edit = e.edit;
        tokens.push(token);
        if (e.ref !== null) newIndex.set(e.ref, index);
      }
      lines.push(p.entries.map((e) => e.text).join(' '));
      if (p.unspoken) unspokenParagraphs.push({ firstToken: first, lastToken: tokens.length - 1, text: lines[lines.length - 1] });
    }
  }
  const words = truth.words.map((w) => ({ ...w, transcriptIndex: w.transcriptIndex === null ? null : (newIndex.get(w.transcriptIndex) ?? null) }));

  // Spoken words the text no longer holds are untranscribed speech: runs of them, one span each.
  const untranscribed: TruthUntranscribed[] = [...truth.untranscribedSpeech];
  let run: typeof words = [];
  const flush = () => {
    if (run.length) untranscribed.push({ start: run[0].start, end: run[run.length - 1].end, text: run.map((w) => w.text).join(' '), kind: run.length >= 4 ? 'sentence' : 'words' });
    run = [];
  };
  truth.words.forEach((w, i) => {
    if (w.transcriptIndex !== null && dropped.has(w.transcriptIndex)) run.push(words[i]);
    else flush();
  });
  flush();
  untranscribed.sort((a, b) => a.start - b.start);

  const spokenCount = truth.transcriptTokens.filter((t) => t.spoken).length;
  const note =
    `As-prepared variant of ${truth.case} (bench/corpus/prepared.ts): ${subs} substituted words, ${dels} spoken words missing from the text, ` +
    `${ins} text words never spoken (${((100 * (subs + dels + ins)) / spokenCount).toFixed(1)}% of spoken words, rate ${editRate}); ` +
    `the spoken sentence "${missing.map((e) => e.text).join(' ')}" is missing from the text; one ${unspoken.entries.length}-word paragraph in the text is never spoken.`;
  const conditions = { ...(truth.conditions ?? {}), transcript: { kind: 'as-prepared', editRate }, variantOf: truth.case };
  const out: Truth = {
    ...truth,
    case: `${truth.case}-prep`,
    words,
    transcriptTokens: tokens,
    untranscribedSpeech: untranscribed,
    unspokenParagraphs,
    notes: `${truth.notes} ${note}`,
    conditions,
  };
  const problems = checkTruth(out);
  if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
  return { transcript: lines.join('\n') + '\n', truth: out, note };
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'sets');
  const { values } = parseArgs({ options: { set: { type: 'string', default: 'tuning' } } });
  const set = values.set!;
  const from = join(root, set);
  const to = join(root, `${set}-prepared`);
  if (!existsSync(from)) throw new Error(`no set at ${from}: generate it first (npx tsx bench/corpus/make.ts --sets ${set})`);
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).sort()) {
    const truthPath = join(from, name, 'truth.json');
    if (!existsSync(truthPath)) continue;
    const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Truth;
    const kind = (truth.conditions?.transcript as { kind?: string } | undefined)?.kind;
    if (kind !== 'full' || (truth.conditions?.language ?? 'en') !== 'en') continue;
    const variant = prepareVariant(name, truth, readFileSync(join(from, name, 'transcript.txt'), 'utf8'));
    const dir = join(to, `${name}-prep`);
    const work = `${dir}.tmp`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    const media = truth.media ?? 'audio.wav';
    symlinkSync(join(from, name, media), join(work, media));
    writeFileSync(join(work, 'transcript.txt'), variant.transcript);
    writeFileSync(join(work, 'truth.json'), JSON.stringify(variant.truth));
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    console.log(`${name}-prep: ${variant.note}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
