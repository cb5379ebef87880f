/**
 * Mock press conferences for the chapters benchmark: parse a fixture (labelled transcript
 * with `[[True topic]]` marker lines) into the shared Transcript/TimedWord shapes, and time
 * it with a simple speaking-rate model (~150 wpm with pauses). The timings are modelled, not
 * aligned: the benchmark measures segmentation and titles, not alignment.
 */
import type { SpeakerTurn, TimedWord, Transcript, TranscriptWord } from '../src/types.js';
import { Rng } from './corpus/rng.js';

export interface MockConference {
  name: string;
  title: string;
  words: TimedWord[];
  transcript: Transcript;
  duration: number;
  /** True topic segments: first word index and the topic as the fixture names it. */
  truth: Array<{ word: number; topic: string; time: number }>;
  text: string;
}

/** Deterministic PRNG (the corpus's mulberry32) so every run models the same timings. */
export function prng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

function roleOf(label: string): SpeakerTurn['role'] {
  if (/moderator|spokesperson/i.test(label)) return 'moderator';
  if (/^(q|question)$/i.test(label)) return 'question';
  return 'host';
}

export interface MockOptions {
  /** Drop speaker labels (one unlabelled turn), as for a plain transcript. */
  unlabelled?: boolean;
  seed?: number;
  /**
   * 'short' (default): break the fixture's paragraphs every 1–3 sentences, like nato.int
   * transcripts, so a paragraph start says little about a topic change. 'fixture': keep them.
   */
  paragraphs?: 'short' | 'fixture';
}

/** Parse a fixture into transcript shapes and model its timings. */
export function buildMockConference(name: string, source: string, options: MockOptions = {}): MockConference {
  const words: TranscriptWord[] = [];
  const turns: SpeakerTurn[] = [];
  const truth: Array<{ word: number; topic: string; time: number }> = [];
  let preroll = 10;
  let tailSeconds = 10;
  let title = name;
  let paragraph = -1;
  let sentence = 0;
  let newParagraph = true;
  let pendingTopic: string | null = null;
  let charPos = 0;
  const text: string[] = [];
  const startTurn = (label: string | null) => {
    const last = turns[turns.length - 1];
    if (last && last.firstWord > last.lastWord) turns.pop();
    turns.push({ index: turns.length, label, role: label ? roleOf(label) : null, firstWord: words.length, lastWord: words.length - 1 });
    newParagraph = true;
  };
  if (options.unlabelled) startTurn(null);
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const header = line.match(/^#\s*(\w+):\s*(.*)$/);
    if (header) {
      if (header[1] === 'preroll') preroll = Number(header[2]);
      if (header[1] === 'tail') tailSeconds = Number(header[2]);
      if (header[1] === 'Title') title = header[2]!;
      continue;
    }
    if (line.startsWith('#')) continue;
    const marker = line.match(/^\[\[(.+)\]\]$/);
    if (marker) {
      pendingTopic = marker[1]!;
      continue;
    }
    if (!line) {
      newParagraph = true;
      continue;
    }
    const label = line.match(/^([A-Z][A-Za-z .'-]{0,50}):$/);
    if (label) {
      if (!options.unlabelled) startTurn(label[1]!);
      else newParagraph = true;
      continue;
    }
    if (turns.length === 0) startTurn(null);
    if (newParagraph) {
      paragraph++;
      newParagraph = false;
    }
    text.push(line);
    for (const token of line.split(/\s+/)) {
      if (pendingTopic !== null) {
        truth.push({ word: words.length, topic: pendingTopic, time: 0 });
        pendingTopic = null;
      }
      const turn = turns[turns.length - 1]!;
      words.push({
        index: words.length,
        text: token,
        spoken: token.toLowerCase().replace(/[^\p{L}\p{N}' -]/gu, ''),
        paragraph,
        sentence,
        turn: turn.index,
        charStart: charPos,
        charEnd: charPos + token.length,
      });
      charPos += token.length + 1;
      turn.lastWord = words.length - 1;
      if (/[.?!]["')\]]*$/.test(token) && !/^(Mr|Mrs|Ms|Dr|St)\.$/.test(token)) sentence++;
    }
    // A sentence never continues across lines in these fixtures.
    if (words.length && words[words.length - 1]!.sentence === sentence) sentence++;
  }
  const rand = prng(options.seed ?? 1);
  if ((options.paragraphs ?? 'short') === 'short') {
    let para = -1;
    let budget = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const prev = words[i - 1];
      const sentenceStart = !prev || prev.sentence !== w.sentence;
      if (sentenceStart) {
        if (!prev || prev.paragraph !== w.paragraph || prev.turn !== w.turn || budget <= 0) {
          para++;
          budget = 1 + Math.floor(rand() * 3);
        }
        budget--;
      }
      (w as { newPara?: number }).newPara = para;
    }
    for (const w of words) w.paragraph = (w as { newPara?: number }).newPara!;
    for (const w of words) delete (w as { newPara?: number }).newPara;
  }
  const paragraphs = [] as Transcript['paragraphs'];
  for (const w of words) {
    const p = paragraphs[paragraphs.length - 1];
    if (p && p.index === w.paragraph) p.lastWord = w.index;
    else paragraphs.push({ index: w.paragraph, firstWord: w.index, lastWord: w.index });
  }
  // Re-number paragraphs densely (unlabelled mode may skip numbers).
  paragraphs.forEach((p, i) => {
    for (let k = p.firstWord; k <= p.lastWord; k++) words[k]!.paragraph = i;
    p.index = i;
  });

  // Speaking-rate model: ~150 words per minute overall, word length by letters, pauses at
  // commas, sentence ends, paragraph ends and speaker changes, ±15 % jitter.
  const jitter = () => 0.85 + 0.3 * rand();
  let t = preroll;
  const timed: TimedWord[] = words.map((w, i) => {
    const letters = w.text.replace(/[^\p{L}\p{N}]/gu, '').length;
    const dur = (0.1 + 0.052 * letters) * jitter();
    const start = t;
    const end = start + dur;
    t = end + 0.03;
    const next = words[i + 1];
    if (next) {
      if (next.turn !== w.turn) t += 1.6 * jitter();
      else if (next.paragraph !== w.paragraph) t += 0.9 * jitter();
      else if (next.sentence !== w.sentence) t += 0.42 * jitter();
      else if (/[,;:–—]$/.test(w.text)) t += 0.18 * jitter();
    }
    return { index: w.index, text: w.text, start: round(start), end: round(end), confidence: 0.9, sentence: w.sentence, paragraph: w.paragraph, turn: w.turn, source: 'audio' };
  });
  for (const tr of truth) tr.time = timed[tr.word]!.start!;
  const duration = round(t + tailSeconds);
  const transcript: Transcript = { words, turns, paragraphs, language: 'en', source: options.unlabelled ? 'plain' : 'labelled', continuesAt: null };
  return { name, title, words: timed, transcript, duration, truth, text: text.join('\n') };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
