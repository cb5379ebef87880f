/**
 * Builds one recording: synthesizes a press-conference script sentence by sentence,
 * lays the sentences on a timeline with realistic pauses (plus music, applause and room
 * noise when asked), derives the transcript the aligner is given (full, partial, or
 * "as prepared" with edits), and records exact truth for every word and token.
 */
import { FestivalSynth, synthForm, synthFormFr, VOICES, type SynthResult, type VoiceName } from './festival.js';
import { REFERENCE_ALIGNER, type RealClip } from './real.js';
import { Rng } from './rng.js';
import { makeHum, mixChatter, reverberate, telephoneBand, type ChatterClip, type ReverbSpec } from './room.js';
import { makeApplause, makeMusic, makeRoomNoise, rms } from './sounds.js';
import {
  CHATTER_SENTENCES,
  PressConference,
  splitSentences,
  toSentence,
  type Role,
  type ScriptParagraph,
  type ScriptTurn,
  type TurnOrder,
} from './textgen.js';
import { readWav } from './wav.js';
import type { Truth, TruthNonSpeech, TruthToken, TruthUntranscribed, TruthWord } from '../lib/truth.js';

export const SR = 16000;

export interface CaseSpec {
  name: string;
  /** Target length of the recording (the last paragraph ends at or just after it). */
  seconds: number;
  host: VoiceName;
  moderator: VoiceName;
  /** Questioners rotate through these. */
  questioners: VoiceName[];
  /** Seed paragraphs that open the statement (0 = none, Infinity = all). */
  seedParagraphs: number;
  /** Generated statement paragraphs after the seed. */
  statementParagraphs: number;
  transcript:
    | { kind: 'full' }
    | { kind: 'partial'; fraction: number }
    | { kind: 'as-prepared'; editRate: number }
    /** The text without one spoken sentence (turn, paragraph, sentence indices into the script). */
    | { kind: 'drop-sentence'; turn: number; paragraph: number; sentence: number }
    /** The text leaves out every question of the Q&A (their speech is untranscribed). */
    | { kind: 'questions-missing' };
  /** A fixed script instead of the generated press conference; `seconds` is then ignored. */
  script?: FixedTurn[];
  /** Probability that a paragraph break becomes a 3–6 s silence. */
  longSilence: number;
  music?: { intro: number; outro: number };
  /** Applause after the statement, after answers #2 and #4, and before the outro. */
  applause?: boolean;
  noiseSnrDb?: number;
  questionLabel?: string;

  // ---- Randomized-scenario conditions (bench/corpus/scenario.ts); absent for the fixed cases. ----
  /** Who opens and how turns follow. Default: the host's statement, every question called. */
  order?: Partial<TurnOrder>;
  /** Pause ranges in seconds instead of the defaults, and the chance of a long pause between paragraphs. */
  pauses?: { sentence: [number, number]; paragraph: [number, number]; turn: [number, number]; long: [number, number] };
  /** Sounds before the first word and after the last, in order (replaces `music`). */
  leadIn?: SoundPart[];
  leadOut?: SoundPart[];
  /** Steady noise of another kind than room noise (`noiseSnrDb` still sets its level). */
  noiseKind?: 'room' | 'hum50' | 'hum60' | 'babble';
  reverb?: ReverbSpec;
  /** Level offset per voice in dB: one speaker's microphone is louder or quieter than another's. */
  levelDb?: Record<VoiceName, number>;
  /** Questions (0-based, in speaking order) heard through a 300–3,400 Hz telephone line. */
  telephoneQuestions?: number[];
  /** Questions (0-based) spoken by a real person instead: the clip replaces the question's text. */
  realQuestions?: { question: number; clip: RealClip }[];
  /** Voices the chatter and babble are made of. */
  chatterVoices?: VoiceName[];
  /** The language spoken (default English); French is spoken by the MBROLA voices (`frm`, `frf`). */
  language?: 'en' | 'fr';
  /** Recorded into truth.json as `conditions`. */
  conditions?: Record<string, unknown>;
}

/** A stretch of lead-in or lead-out. `chatter`: people talking while they wait (not in the transcript). */
export interface SoundPart {
  kind: 'silence' | 'roomtone' | 'music' | 'applause' | 'chatter';
  seconds: number;
}

export interface BuiltCase {
  audio: Float32Array;
  transcript: string;
  truth: Truth;
  stats: { sentences: number; fresh: number; synthSeconds: number; words: number };
}

const LABELS: Record<Role, string> = {
  host: 'NATO Secretary General:',
  answer: 'NATO Secretary General:',
  moderator: 'Moderator:',
  question: 'Question:',
};

/** Speech level (RMS over words) every sentence is normalized to, ±1.5 dB per sentence. */
const SPEECH_RMS = 0.08;
/** Festival's words start at a segment boundary; keep this much of its pause on each side of a clip. */
const CLIP_MARGIN = 0.03;
/** Around a real clip's words: its aligner-given edges may be a frame or two off, and real speech fades. */
const REAL_CLIP_MARGIN = 0.15;

/** A hand-written turn: paragraphs of running text (split into sentences), and an optional sound after it. */
export interface FixedTurn {
  role: Role;
  paragraphs: string[];
  voice?: VoiceName;
  after?: { kind: 'music' | 'applause'; seconds: number };
  /** Pause before each paragraph after the first (s), instead of a random one. */
  paragraphGaps?: number[];
}

interface PlacedToken {
  /** Global id in spoken-script order. */
  id: number;
  text: string;
  voice: VoiceName;
  start: number | null;
  end: number | null;
}
interface PlacedSentence {
  voice: VoiceName;
  wavPath: string;
  /** Clip window in the festival utterance (s). */
  clipStart: number;
  clipEnd: number;
  /** Sample in the output where clipStart lands. */
  offset: number;
  gainDb: number;
  tokens: PlacedToken[];
}
interface PlacedParagraph {
  sentences: PlacedSentence[];
}
interface PlacedTurn {
  role: Role;
  voice: VoiceName;
  paragraphs: PlacedParagraph[];
}
interface Event {
  kind: TruthNonSpeech['kind'] | 'chatter';
  start: number;
  end: number;
  seed: string;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export async function buildCase(
  spec: CaseSpec,
  synth: FestivalSynth,
  cacheDir: string,
  seedParagraphs: string[],
  log: (s: string) => void,
): Promise<BuiltCase> {
  const conf = new PressConference(spec.name, {
    seedParagraphs: seedParagraphs.slice(0, spec.seedParagraphs),
    statementParagraphs: spec.statementParagraphs,
    order: spec.order,
  });
  const formOf = spec.language === 'fr' ? synthFormFr : synthForm;
  const pauses = spec.pauses ?? { sentence: [0.2, 0.6], paragraph: [0.6, 2.0], turn: [0.7, 1.6], long: [3, 6] };
  const leadIn: SoundPart[] = spec.leadIn ?? (spec.music && spec.music.intro > 0 ? [{ kind: 'music', seconds: spec.music.intro }] : []);
  const leadOut: SoundPart[] = spec.leadOut ?? (spec.music && spec.music.outro > 0 ? [{ kind: 'music', seconds: spec.music.outro }] : []);
  const leadOutSeconds = leadOut.reduce((n, p) => n + p.seconds, 0);
  const realByQuestion = new Map((spec.realQuestions ?? []).map((q) => [q.question, q.clip]));
  const telephone = new Set(spec.telephoneQuestions ?? []);
  /** Per placed sentence: heard through the telephone band. */
  const onPhone = new Set<PlacedSentence>();
  const rng = new Rng(`timeline:${spec.name}`);
  const events: Event[] = [];
  const turns: PlacedTurn[] = [];
  let tokenId = 0;
  let answers = 0;
  let questions = 0;
  let fresh = 0;
  let synthSeconds = 0;
  let nSentences = 0;

  const speechEndTarget = spec.script ? Infinity : spec.seconds - (leadOutSeconds > 0 ? leadOutSeconds + 2 : 1);
  const script = spec.script ? [...spec.script] : null;
  const fixedByTurn = new Map<ScriptTurn, FixedTurn>();
  // Time (s) where the next sentence's first word may begin, and the previous word end.
  let lastWordEnd = 0;
  let cursorStarted = false;
  let pendingGap = 0;
  let done = false;

  {
    let t = 0;
    leadIn.forEach((part, k) => {
      events.push({ kind: part.kind, start: t, end: t + part.seconds, seed: `${spec.name}:intro${k}` });
      t += part.seconds;
    });
    if (t > 0) {
      lastWordEnd = t;
      pendingGap = rng.range(1.0, 1.6);
      cursorStarted = true;
    }
  }

  const addEventInGap = (kind: 'applause' | 'music', seconds: number) => {
    const before = rng.range(0.5, 0.9);
    const start = lastWordEnd + before;
    events.push({ kind, start, end: start + seconds, seed: `${spec.name}:${kind}${events.length}` });
    lastWordEnd = start + seconds;
    pendingGap = rng.range(0.6, 1.0);
  };

  while (!done && !(script && script.length === 0)) {
    // Take enough turns to fill what is left (≈2.2 words/s of recording), synthesize them in one go.
    const batch: { turn: ScriptTurn; voice: VoiceName; real?: RealClip; question?: number }[] = [];
    const remaining = speechEndTarget - lastWordEnd;
    let planned = 0;
    while (planned < Math.max(40, remaining * 2.2 * 1.08)) {
      let turn: ScriptTurn;
      if (script) {
        const fixed = script.shift();
        if (!fixed) break;
        turn = { role: fixed.role, paragraphs: fixed.paragraphs.map((p) => ({ sentences: splitSentences(p).map(toSentence) })) };
        fixedByTurn.set(turn, fixed);
      } else turn = conf.nextTurn();
      const question = turn.role === 'question' ? questions : undefined;
      const voice = fixedByTurn.get(turn)?.voice ?? (turn.role === 'moderator' ? spec.moderator : turn.role === 'question' ? spec.questioners[questions++ % spec.questioners.length] : spec.host);
      const real = question === undefined ? undefined : realByQuestion.get(question);
      // A real person's question: the clip's words replace the generated ones.
      if (real) turn = { role: 'question', paragraphs: [{ sentences: [{ tokens: real.tokens }] }] };
      batch.push({ turn, voice, real, question });
      planned += turn.paragraphs.reduce((n, p) => n + p.sentences.reduce((m, s) => m + s.tokens.length, 0), 0);
    }
    const jobs = batch.filter((b) => !b.real).flatMap(({ turn, voice }) =>
      turn.paragraphs.flatMap((p) => p.sentences.map((s) => ({ voice, tokens: s.tokens.map(formOf).filter(Boolean) }))),
    );
    const synthesized = await synth.synthesize(jobs);
    // Results in batch order, real clips standing in for their turn's one sentence.
    const results: SynthResult[] = [];
    {
      let k = 0;
      for (const b of batch) {
        if (b.real) results.push({ key: b.real.id, voice: b.real.voice, wavPath: b.real.wavPath, tokens: b.real.tokens.map((name, i) => ({ name, ...b.real!.times[i] })) });
        else for (const p of b.turn.paragraphs) for (let i = 0; i < p.sentences.length; i++) results.push(synthesized[k++]);
      }
    }
    fresh += synth.lastFresh;
    synthSeconds += synth.lastWall;
    log(`  synthesized ${jobs.length} sentences (${synth.lastFresh} new) in ${synth.lastWall.toFixed(1)} s`);

    let j = 0;
    for (const { turn, voice, real, question } of batch) {
      if (done) break;
      const placed: PlacedTurn = { role: turn.role, voice, paragraphs: [] };
      turns.push(placed);
      if (turns.length > 1) pendingGap = Math.max(pendingGap, rng.range(...pauses.turn));
      for (let pi = 0; pi < turn.paragraphs.length && !done; pi++) {
        const para: ScriptParagraph = turn.paragraphs[pi];
        const pp: PlacedParagraph = { sentences: [] };
        placed.paragraphs.push(pp);
        if (pi > 0) {
          pendingGap = rng.chance(spec.longSilence) ? rng.range(...pauses.long) : rng.range(...pauses.paragraph);
          const fixedGap = fixedByTurn.get(turn)?.paragraphGaps?.[pi - 1];
          if (fixedGap !== undefined) pendingGap = fixedGap;
        }
        for (let si = 0; si < para.sentences.length; si++) {
          const sentence = para.sentences[si];
          const res = results[j++];
          if (si > 0) pendingGap = rng.range(...pauses.sentence);
          if (!cursorStarted) {
            pendingGap = rng.range(0.5, 1.0);
            cursorStarted = true;
          }
          // A real clip keeps every token (its times come from the reference aligner, one per token).
          const spoken = sentence.tokens.map((t) => ({ text: t, form: real ? t : formOf(t) }));
          const timed = res.tokens.filter((t) => t.start !== null);
          if (!timed.length) throw new Error(`sentence with no spoken word: ${sentence.tokens.join(' ')}`);
          const firstStart = timed[0].start!;
          const lastEnd = timed[timed.length - 1].end!;
          const wavDur = readWavDuration(res.wavPath);
          // A real recording's word edges are an aligner's estimate: keep more of the clip around them.
          const margin = real ? REAL_CLIP_MARGIN : CLIP_MARGIN;
          const clipStart = Math.max(0, firstStart - margin);
          const clipEnd = Math.min(wavDur, lastEnd + margin);
          const wantFirst = lastWordEnd + pendingGap;
          // Integer sample placement: truth = (offset - clipStartSample)/SR + festival time, exactly.
          const offset = Math.round((wantFirst - (firstStart - clipStart)) * SR);
          const shift = (offset - Math.round(clipStart * SR)) / SR;
          const ps: PlacedSentence = {
            voice: res.voice,
            wavPath: res.wavPath,
            clipStart,
            clipEnd,
            offset,
            gainDb: rng.range(-1.5, 1.5),
            tokens: [],
          };
          let k = 0;
          for (const sp of spoken) {
            if (!sp.form) {
              ps.tokens.push({ id: tokenId++, text: sp.text, voice: res.voice, start: null, end: null });
              continue;
            }
            const ft = res.tokens[k++];
            ps.tokens.push({
              id: tokenId++,
              text: sp.text,
              voice: res.voice,
              start: ft.start === null ? null : r4(ft.start + shift),
              end: ft.end === null ? null : r4(ft.end + shift),
            });
          }
          pp.sentences.push(ps);
          if (question !== undefined && telephone.has(question)) onPhone.add(ps);
          nSentences++;
          lastWordEnd = lastEnd + shift;
          pendingGap = 0;
        }
        if (lastWordEnd >= speechEndTarget) done = true;
      }
      const after = fixedByTurn.get(turn)?.after;
      if (after) addEventInGap(after.kind, after.seconds);
      if (spec.applause && !done) {
        if (turn.role === 'host') addEventInGap('applause', rng.range(4, 8));
        if (turn.role === 'answer') {
          answers++;
          if (answers === 2 || answers === 4) addEventInGap('applause', rng.range(3, 6));
        }
      }
    }
  }
  // Drop a trailing moderator call without its question, which no conference ends on.
  const lastTurn = turns[turns.length - 1];
  if (turns.length > 1 && lastTurn.role === 'moderator') {
    turns.pop();
    lastWordEnd = Math.max(...turns.flatMap((t) => t.paragraphs.flatMap((p) => p.sentences.flatMap((s) => s.tokens.map((w) => w.end ?? 0)))));
  }

  if (spec.applause) addEventInGap('applause', rng.range(4, 7));
  let duration: number;
  if (leadOutSeconds > 0) {
    let t = lastWordEnd + rng.range(1.0, 2.0);
    leadOut.forEach((part, k) => {
      events.push({ kind: part.kind, start: t, end: t + part.seconds, seed: `${spec.name}:outro${k}` });
      t += part.seconds;
    });
    duration = t + (leadOut[leadOut.length - 1].kind === 'music' ? 0.5 : 0);
  } else {
    duration = lastWordEnd + Math.max(pendingGap, rng.range(0.8, 1.5));
  }
  const nSamples = Math.ceil(duration * SR);
  duration = nSamples / SR;

  // ---- Audio ----
  // Two buses: the room (speech, chatter, applause: reverberated together) and the direct feed (music).
  const audio = new Float32Array(nSamples);
  for (const t of turns)
    for (const p of t.paragraphs)
      for (const s of p.sentences) {
        let wav = readWav(s.wavPath).samples;
        if (onPhone.has(s)) wav = telephoneBand(wav);
        const a = Math.round(s.clipStart * SR);
        const b = Math.min(wav.length, Math.round(s.clipEnd * SR));
        // Level: RMS over the words' span, so voices sound equally loud.
        const wa = Math.round((s.tokens.find((x) => x.start !== null)!.start! - (s.offset / SR - s.clipStart)) * SR);
        const level = rms(wav, Math.max(a, wa), b) || 1e-3;
        const gain = (SPEECH_RMS * 10 ** ((s.gainDb + (spec.levelDb?.[s.voice] ?? 0)) / 20)) / level;
        const fade = Math.min(80, (b - a) >> 2);
        for (let i = a; i < b; i++) {
          const edge = Math.min(i - a, b - 1 - i);
          const f = edge < fade ? edge / fade : 1;
          const o = s.offset + (i - a);
          if (o >= 0 && o < nSamples) audio[o] += wav[i] * gain * f;
        }
      }
  const needsChatter = events.some((e) => e.kind === 'chatter') || spec.noiseKind === 'babble';
  const chatterBank = needsChatter ? await chatterClips(synth, spec.chatterVoices ?? ['kal', 'slt', 'ked']) : [];
  const direct = new Float32Array(nSamples);
  for (const e of events) {
    const secs = e.end - e.start;
    const o = Math.round(e.start * SR);
    let snd: Float32Array;
    let level: number;
    let bus = audio;
    if (e.kind === 'music') {
      snd = await makeMusic(cacheDir, r4(secs), e.seed);
      level = 0.07;
      bus = direct;
    } else if (e.kind === 'applause') {
      snd = await makeApplause(cacheDir, r4(secs), e.seed);
      level = 0.05;
    } else if (e.kind === 'chatter') {
      // People talking while they wait: 2–4 conversations, a little quieter than the speakers.
      snd = mixChatter(Math.round(secs * SR), chatterBank, 2 + (hashSeed(e.seed) % 3), e.seed);
      level = SPEECH_RMS * 10 ** (-8 / 20);
    } else if (e.kind === 'roomtone') {
      snd = makeRoomNoise(Math.round(secs * SR), e.seed);
      level = SPEECH_RMS * 10 ** (-38 / 20);
    } else continue; // silence
    const gain = level / (rms(snd) || 1e-3);
    for (let i = 0; i < snd.length && o + i < nSamples; i++) bus[o + i] += snd[i] * gain;
  }
  let mixed: Float32Array = audio;
  if (spec.reverb) mixed = await reverberate(audio, spec.reverb);
  for (let i = 0; i < nSamples; i++) mixed[i] += direct[i];
  if (spec.noiseSnrDb !== undefined) {
    const kind = spec.noiseKind ?? 'room';
    const noise =
      kind === 'room' ? makeRoomNoise(nSamples, spec.name)
      : kind === 'babble' ? mixChatter(nSamples, chatterBank, 8, `babble:${spec.name}`)
      : makeHum(nSamples, spec.name, kind === 'hum50' ? 50 : 60);
    const g = SPEECH_RMS / 10 ** (spec.noiseSnrDb / 20);
    for (let i = 0; i < nSamples; i++) mixed[i] += noise[i] * g;
  }
  // Keep clear of clipping: a loud speaker, music and noise can add up past full scale.
  let peak = 0;
  for (let i = 0; i < nSamples; i++) peak = Math.max(peak, Math.abs(mixed[i]));
  if (peak > 0.99) for (let i = 0; i < nSamples; i++) mixed[i] *= 0.99 / peak;

  // ---- Transcript and truth ----
  const { transcript, tokens, refToIndex, unspoken, editNote } = deriveTranscript(spec, turns, conf);
  const voiceIds = new Set<string>();
  const words: TruthWord[] = [];
  const byId = new Map<number, PlacedToken>();
  for (const t of turns)
    for (const p of t.paragraphs)
      for (const s of p.sentences)
        for (const w of s.tokens) {
          byId.set(w.id, w);
          if (w.start === null || w.end === null) continue;
          voiceIds.add(voiceId(w.voice));
          words.push({ text: w.text, start: w.start, end: w.end, transcriptIndex: refToIndex.get(w.id) ?? null, voice: voiceId(w.voice) });
        }
  const transcriptTokens: TruthToken[] = tokens.map((tk, index) => {
    const w = tk.ref === null ? undefined : byId.get(tk.ref);
    const spoken = !!w && w.start !== null;
    const out: TruthToken = { index, text: tk.text, spoken, start: spoken ? w!.start : null, end: spoken ? w!.end : null };
    if (tk.edit) out.edit = tk.edit;
    return out;
  });

  // Untranscribed speech: runs of spoken words without a transcript token, one span per paragraph run.
  const untranscribedSpeech: TruthUntranscribed[] = [];
  const coveredEnd = words.reduce((m, w) => (w.transcriptIndex === null ? m : Math.max(m, w.end)), 0);
  for (const t of turns)
    for (const p of t.paragraphs) {
      let run: PlacedToken[] = [];
      const turnUntranscribed = t.paragraphs.every((q) => q.sentences.every((x) => x.tokens.every((w) => w.start === null || !refToIndex.has(w.id))));
      const flush = () => {
        if (!run.length) return;
        const start = run[0].start!;
        const kind: TruthUntranscribed['kind'] =
          t.role === 'question' && turnUntranscribed && spec.transcript.kind === 'questions-missing' ? 'question'
          : start > coveredEnd ? 'tail' : run.length >= 4 ? 'sentence' : 'words';
        untranscribedSpeech.push({ start, end: run[run.length - 1].end!, text: run.map((w) => w.text).join(' '), kind });
        run = [];
      };
      for (const s of p.sentences)
        for (const w of s.tokens) {
          if (w.start === null) continue;
          if (refToIndex.has(w.id)) flush();
          else run.push(w);
        }
      flush();
    }

  for (const e of events.filter((x) => x.kind === 'chatter'))
    untranscribedSpeech.push({ start: r4(e.start), end: r4(e.end), text: '(people talking while they wait)', kind: 'chatter' });
  untranscribedSpeech.sort((a, b) => a.start - b.start);

  // Non-speech: the events, plus every pause of ≥ 1 s between words that holds no event.
  const nonSpeech: TruthNonSpeech[] = events.flatMap((e) => (e.kind === 'chatter' ? [] : [{ start: r4(e.start), end: r4(e.end), kind: e.kind }]));
  const bounds = [0, ...words.flatMap((w) => [w.start, w.end]), duration];
  for (let i = 0; i + 1 < bounds.length; i += 2) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    if (b - a < 1) continue;
    const inside = events.filter((e) => e.end > a && e.start < b).sort((x, y) => x.start - y.start);
    let from = a;
    for (const e of inside) {
      if (e.start - from >= 1) nonSpeech.push({ start: r4(from), end: r4(e.start), kind: 'silence' });
      from = Math.max(from, e.end);
    }
    if (b - from >= 1) nonSpeech.push({ start: r4(from), end: r4(b), kind: 'silence' });
  }
  nonSpeech.sort((x, y) => x.start - y.start);

  const voiceList = [...voiceIds];
  const roleVoices = `host/answers ${voiceId(spec.host)}, moderator ${voiceId(spec.moderator)}, questions ${spec.questioners.map(voiceId).join(' / ')}`;
  const notes = [
    `Synthesized sentence by sentence (${roleVoices}); festival word times from its utterance structure (Token → Word → Segment), flite word times from its segment durations mapped to each token's phones; placed to the sample.`,
    'Pauses between words of 0.2–0.6 s between sentences, 0.6–2 s between paragraphs, 0.7–1.6 s between turns' +
      (spec.longSilence > 0 ? ', occasional 3–6 s silences' : '') + '.',
    spec.music ? `Synthetic music: ${spec.music.intro} s intro, ${spec.music.outro} s outro.` : '',
    events.some((e) => e.kind === 'music' && e.start > 0 && e.end < duration - 1) || (spec.script?.some((t) => t.after) ?? false)
      ? `Sounds between turns: ${events.filter((e) => !spec.music || (e.start > 0 && e.end < duration - 1)).map((e) => `${e.kind} ${r4(e.start)}–${r4(e.end)} s`).join(', ')}.`
      : '',
    spec.applause ? 'Applause bursts (band-passed modulated noise) in turn gaps.' : '',
    spec.noiseSnrDb !== undefined ? `Steady ${spec.noiseKind ?? 'room'} noise throughout at ${spec.noiseSnrDb} dB SNR (relative to active speech).` : '',
    spec.leadIn?.length ? `Lead-in: ${spec.leadIn.map((p) => `${p.kind} ${r4(p.seconds)} s`).join(', ')}.` : '',
    spec.leadOut?.length ? `Lead-out: ${spec.leadOut.map((p) => `${p.kind} ${r4(p.seconds)} s`).join(', ')}.` : '',
    spec.reverb ? `Reverberation (sox reverb ${spec.reverb.reverberance}% / room ${spec.reverb.roomScale}%, wet ${spec.reverb.wetDb} dB) on speech, chatter and applause.` : '',
    spec.telephoneQuestions?.length ? `Question(s) ${spec.telephoneQuestions.map((q) => q + 1).join(', ')} through a 300–3,400 Hz telephone band.` : '',
    spec.realQuestions?.length ? `Real speech: question(s) ${spec.realQuestions.map((q) => `${q.question + 1} (${q.clip.id})`).join(', ')}; their word times come from a reference aligner (see referenceTruth).` : '',
    editNote,
    'Silence spans list every pause of 1 s or more.',
  ].filter(Boolean).join(' ');

  const truth: Truth = {
    case: spec.name,
    duration: r4(duration),
    sampleRate: SR,
    voices: voiceList,
    words,
    transcriptTokens,
    nonSpeech,
    untranscribedSpeech,
    unspokenParagraphs: unspoken,
    notes,
    snrDb: spec.noiseSnrDb ?? null,
  };
  if (spec.conditions) truth.conditions = spec.conditions;
  const realVoices = [...voiceIds].filter((v) => v.startsWith('real:'));
  if (realVoices.length) truth.referenceTruth = Object.fromEntries(realVoices.map((v) => [v, REFERENCE_ALIGNER]));
  return { audio: mixed, transcript, truth, stats: { sentences: nSentences, fresh, synthSeconds, words: words.length } };
}

/** truth.json's id of a voice; real clips are named by their own id. */
function voiceId(v: VoiceName): string {
  return VOICES[v]?.id ?? v;
}

function hashSeed(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * The chatter bank: every chatter sentence in each of the given voices, synthesized once
 * (cached like every sentence) and trimmed to its words.
 */
async function chatterClips(synth: FestivalSynth, voices: VoiceName[]): Promise<ChatterClip[]> {
  const jobs = voices.flatMap((voice) => CHATTER_SENTENCES.map((text) => ({ voice, tokens: text.split(/\s+/).map(synthForm).filter(Boolean) })));
  const results = await synth.synthesize(jobs);
  return results.map((r) => {
    const wav = readWav(r.wavPath).samples;
    const timed = r.tokens.filter((t) => t.start !== null);
    const a = Math.max(0, Math.round(((timed[0]?.start ?? 0) - CLIP_MARGIN) * SR));
    const b = Math.min(wav.length, Math.round(((timed[timed.length - 1]?.end ?? wav.length / SR) + CLIP_MARGIN) * SR));
    return { samples: wav.slice(a, b) };
  });
}

function readWavDuration(path: string): number {
  return readWav(path).samples.length / SR;
}

// ---------------------------------------------------------------------------

export interface TEntry {
  text: string;
  /** Spoken token id, or null for text that is never spoken. */
  ref: number | null;
  edit?: 'substituted' | 'inserted';
}
interface TPara {
  entries: TEntry[];
}

/**
 * The word edits of an "as prepared" text, in place, at `rate` per spoken word (`isSpokenWord`),
 * never two within three words: half substituted, a quarter dropped from the text (said but not
 * written), a quarter with a word inserted before them (written but skipped). Also used by
 * bench/corpus/prepared.ts. Returns the counts and the dropped entries.
 */
export function editWords(paragraphs: ReadonlyArray<{ entries: TEntry[] }>, rate: number, r: Rng, isSpokenWord: (e: TEntry) => boolean): { subs: number; dels: number; ins: number; dropped: TEntry[] } {
  let subs = 0;
  let ins = 0;
  const dropped: TEntry[] = [];
  for (const p of paragraphs) {
    const out: TEntry[] = [];
    let cooldown = 2;
    for (const e of p.entries) {
      if (isSpokenWord(e) && cooldown <= 0 && r.chance(rate)) {
        cooldown = 3;
        const kind = r.next();
        if (kind < 0.5) {
          out.push({ text: substitute(e.text, r), ref: e.ref, edit: 'substituted' });
          subs++;
        } else if (kind < 0.75 && out.length > 0) {
          dropped.push(e);
        } else {
          out.push({ text: r.pick(FILLERS), ref: null, edit: 'inserted' });
          out.push(e);
          ins++;
        }
        continue;
      }
      cooldown--;
      out.push(e);
    }
    p.entries = out;
  }
  return { subs, dels: dropped.length, ins, dropped };
}
interface TTurn {
  label: string;
  paras: TPara[];
}

/** Words a speech's prepared text may hold that the speaker skips (also used by bench/corpus/prepared.ts). */
export const FILLERS = ['also', 'very', 'really', 'indeed', 'clearly', 'now', 'certainly', 'fully', 'still', 'truly'];
const SUBSTITUTES: Record<string, string> = {
  increase: 'rise', strong: 'robust', important: 'vital', clear: 'obvious', discussed: 'debated',
  agreed: 'decided', support: 'assistance', more: 'further', new: 'fresh', must: 'should', will: 'shall',
  need: 'require', significant: 'substantial', continue: 'keep', ensure: 'secure', great: 'big',
  partners: 'friends', threats: 'risks', priority: 'focus', today: 'this afternoon', we: 'Allies',
};
const GENERIC_SUBS = ['key', 'major', 'further', 'broad', 'real', 'joint', 'common', 'urgent', 'serious', 'overall'];

/** What a speaker said in place of a prepared word (also used by bench/corpus/prepared.ts). */
export function substitute(text: string, r: Rng): string {
  const m = /^([^A-Za-z0-9]*)(.*?)([^A-Za-z0-9%]*)$/.exec(text)!;
  const [pre, core, post] = [m[1], m[2], m[3]];
  let rep: string;
  if (/^\d+$/.test(core)) rep = String(Number(core) + r.int(1, 9) * (Number(core) > 100 ? 10 : 1));
  else if (/^\d+(\.\d+)?%$/.test(core)) rep = `${r.int(2, 40)}%`;
  else if (SUBSTITUTES[core.toLowerCase()]) rep = SUBSTITUTES[core.toLowerCase()].replace(/ /g, '-');
  else rep = r.pick(GENERIC_SUBS.filter((g) => g !== core.toLowerCase()));
  if (/^[A-Z]/.test(core) && /^[a-z]/.test(rep)) rep = rep[0].toUpperCase() + rep.slice(1);
  return pre + rep + post;
}

function deriveTranscript(spec: CaseSpec, turns: PlacedTurn[], conf: PressConference) {
  const r = new Rng(`transcript:${spec.name}`);
  const label = (role: Role) => (role === 'question' && spec.questionLabel ? spec.questionLabel : LABELS[role]);
  let tturns: TTurn[] = turns.map((t) => ({
    label: label(t.role),
    paras: t.paragraphs.map((p) => ({ entries: p.sentences.flatMap((s) => s.tokens.map((w) => ({ text: w.text, ref: w.id }))) })),
  }));
  const unspokenMarks: { para: TPara }[] = [];
  let editNote = 'Transcript: the full text as spoken.';
  const sentenceOf = new Map<number, PlacedSentence>();
  for (const t of turns) for (const p of t.paragraphs) for (const s of p.sentences) for (const w of s.tokens) sentenceOf.set(w.id, s);

  if (spec.transcript.kind === 'partial') {
    const total = tturns.reduce((n, t) => n + t.paras.reduce((m, p) => m + p.entries.length, 0), 0);
    const keep = Math.round(total * spec.transcript.fraction);
    // Cut at the end of the sentence holding token number `keep`.
    let seen = 0;
    const out: TTurn[] = [];
    outer: for (const t of tturns) {
      const nt: TTurn = { label: t.label, paras: [] };
      out.push(nt);
      for (const p of t.paras) {
        const np: TPara = { entries: [] };
        nt.paras.push(np);
        for (let i = 0; i < p.entries.length; i++) {
          np.entries.push(p.entries[i]);
          seen++;
          if (seen >= keep) {
            const s = sentenceOf.get(p.entries[i].ref!)!;
            const lastId = s.tokens[s.tokens.length - 1].id;
            while (p.entries[i].ref !== lastId) np.entries.push(p.entries[++i]);
            break outer;
          }
        }
      }
    }
    tturns = out;
    editNote = `Transcript: only the first ${Math.round(spec.transcript.fraction * 100)}% of the text (cut at a sentence end); the rest of the recording is untranscribed speech.`;
  } else if (spec.transcript.kind === 'questions-missing') {
    tturns = tturns.filter((_, i) => turns[i].role !== 'question');
    editNote = 'Transcript: the statement, the moderator and the answers; the journalists\' questions are left out of the text.';
  } else if (spec.transcript.kind === 'drop-sentence') {
    const { turn, paragraph, sentence } = spec.transcript;
    const dropped = turns[turn]?.paragraphs[paragraph]?.sentences[sentence];
    if (!dropped) throw new Error(`${spec.name}: no sentence ${turn}/${paragraph}/${sentence} to drop`);
    const ids = new Set(dropped.tokens.map((w) => w.id));
    for (const t of tturns) for (const p of t.paras) p.entries = p.entries.filter((e) => e.ref === null || !ids.has(e.ref));
    editNote = `Transcript: the full text except the spoken sentence "${dropped.tokens.map((w) => w.text).join(' ')}".`;
  } else if (spec.transcript.kind === 'as-prepared') {
    const flatParas = tturns.flatMap((t, ti) => t.paras.map((p, pi) => ({ t, ti, p, pi, role: turns[ti].role })));
    const n = flatParas.length;
    // 1. A spoken sentence missing from the text: inside a host/answer paragraph in the middle of the talk.
    let missing: PlacedSentence | null = null;
    // Preferably a sentence inside a paragraph in the second half; short recordings fall back
    // to any sentence of a host/answer paragraph that has another sentence left.
    for (const [from, inner] of [[Math.floor(n * 0.45), true], [0, true], [0, false]] as const) {
      for (let k = from; k < n && !missing; k++) {
        const { ti, pi, role } = flatParas[k];
        if (role !== 'host' && role !== 'answer') continue;
        const ss = turns[ti].paragraphs[pi].sentences;
        const pool = inner ? ss.slice(1, -1) : ss.length >= 2 ? ss.slice(1) : [];
        const pick = pool.find((s) => s.tokens.length >= (inner ? 8 : 5));
        if (pick) missing = pick;
      }
      if (missing) break;
    }
    if (!missing) throw new Error('no sentence to drop for the as-prepared case');
    const missingIds = new Set(missing.tokens.map((w) => w.id));
    for (const fp of flatParas) fp.p.entries = fp.p.entries.filter((e) => !missingIds.has(e.ref!));

    // 2. A ~60-word paragraph never spoken, inserted between two paragraphs of a later host/answer turn.
    const unspokenPara = conf.paragraphOfWords(60);
    const up: TPara = { entries: unspokenPara.sentences.flatMap((s) => s.tokens.map((text) => ({ text, ref: null }))) };
    let inserted = false;
    for (const from of [Math.floor(n * 0.68), 0]) {
      for (let k = from; k < n && !inserted; k++) {
        const { t, pi, role } = flatParas[k];
        if ((role === 'host' || role === 'answer') && pi < t.paras.length - 1 && !t.paras.slice(pi, pi + 2).some((p) => p.entries.length === 0)) {
          t.paras.splice(pi + 1, 0, up);
          inserted = true;
        }
      }
      if (inserted) break;
    }
    if (!inserted) throw new Error('no place for the unspoken paragraph in the as-prepared case');
    unspokenMarks.push({ para: up });

    // 3. Word edits at `editRate` of the spoken tokens.
    const { subs, dels, ins } = editWords(
      tturns.flatMap((t) => t.paras.filter((p) => p !== up)),
      spec.transcript.editRate,
      r,
      (e) => e.ref !== null && /[A-Za-z0-9]/.test(e.text),
    );
    editNote =
      `Transcript "as prepared": ${subs} substituted words, ${dels} spoken words missing from the text, ${ins} text words never spoken ` +
      `(${((100 * (subs + dels + ins)) / countSpokenWords(turns)).toFixed(1)}% of spoken words); the spoken sentence "${missing.tokens.map((w) => w.text).join(' ')}" ` +
      `is missing from the text; one ${up.entries.length}-word paragraph in the text is never spoken.`;
  }

  // Drop emptied paragraphs/turns, then serialize: label line, one line per paragraph, blank line between turns.
  tturns = tturns.map((t) => ({ ...t, paras: t.paras.filter((p) => p.entries.length) })).filter((t) => t.paras.length);
  const lines: string[] = [];
  const tokens: TEntry[] = [];
  const unspoken: { firstToken: number; lastToken: number; text: string }[] = [];
  for (const t of tturns) {
    if (lines.length) lines.push('');
    lines.push(t.label);
    for (const p of t.paras) {
      const first = tokens.length;
      tokens.push(...p.entries);
      lines.push(p.entries.map((e) => e.text).join(' '));
      if (unspokenMarks.some((m) => m.para === p)) {
        unspoken.push({ firstToken: first, lastToken: tokens.length - 1, text: p.entries.map((e) => e.text).join(' ') });
      }
    }
  }
  const refToIndex = new Map<number, number>();
  tokens.forEach((e, i) => {
    if (e.ref !== null) refToIndex.set(e.ref, i);
  });
  return { transcript: lines.join('\n') + '\n', tokens, refToIndex, unspoken, editNote };
}

function countSpokenWords(turns: PlacedTurn[]): number {
  let n = 0;
  for (const t of turns) for (const p of t.paragraphs) for (const s of p.sentences) n += s.tokens.filter((w) => w.start !== null).length;
  return n;
}

export type { ScriptParagraph };
