/**
 * HMM state networks for one stretch of transcript: each word's phones as the model's 3-state
 * left-to-right HMMs, with optional silence between words and optional garbage (speech or sound
 * that is not in the text) where the caller asks for it. The network is a chain of states; an
 * optional unit is bypassed through up to two extra incoming arcs on the state after it.
 */
import type { AcousticModel } from './model.js';
import type { AcousticTuning } from './tuning.js';

/** A state that scores every frame at a flat price below the best senone: anything not in the text. */
export const GARBAGE = -1;

export interface StateNetwork {
  size: number;
  /** CI senone id per state, or GARBAGE. */
  senone: Int32Array;
  /** Log probabilities of staying and of moving to the next state in the chain. */
  selfLog: Float32Array;
  nextLog: Float32Array;
  /** Extra incoming arcs (bypassing optional units): source state or -1, and their log probabilities. */
  altFrom1: Int32Array;
  altLog1: Float32Array;
  altFrom2: Int32Array;
  altLog2: Float32Array;
  /** Transcript word of each state, or -1 for silence and garbage. */
  word: Int32Array;
  /** States where a path may end (the last state, and the last word's end when trailing units are optional). */
  finals: number[];
  /** States where a path may start (the first, and the first word's start when leading units are optional). */
  initials: number[];
}

export interface NetworkWord {
  index: number;
  phones: number[];
  /** An optional pause may follow this word (and garbage too, when `garbageAfter`). */
  garbageAfter?: boolean;
  /** The word ends a sentence: a pause after it is free, while one inside a sentence is priced. */
  sentenceEnd?: boolean;
}

export interface NetworkOptions {
  /** Optional garbage before the first word and after the last (a window's untexted edges). */
  garbageEdges: boolean;
  /** Log price of entering a garbage state (paid once per visit). */
  garbageEntryLog: number;
  /** Self-loop log probability of a garbage state. */
  garbageSelfLog: number;
  /**
   * Log price per frame of a pause inside a sentence. Speakers do pause mid-sentence, but seldom
   * for seconds: without a price, a sentence's first word could sit in a lead-in and wait there,
   * far from the rest of its sentence, for free. (Between sentences and at the edges pauses are free.)
   */
  inSentencePauseLogPerFrame?: number;
  /**
   * `fine`: each phone is the model's 3-state HMM over 10 ms frames. `coarse`: each phone is one
   * state over the coarse grid's per-phone scores (FrameScores.coarse), for whole-recording searches.
   */
  grain?: 'fine' | 'coarse';
}

/** A coarse phone state's stay probability: about 2.5 coarse frames (75 ms) per phone. */
const COARSE_STAY = 0.6;

interface Unit {
  states: Array<{ senone: number; self: number; next: number }>;
  word: number;
  optional: boolean;
  /** Log price per frame spent in the unit (0 for none). */
  pricePerFrame?: number;
}

/**
 * The network options the tuning sets, for the two uses: searching (`search`, on the fine or the
 * coarse grid: free edges, where only the words' own fit counts) and timing words (`timing`:
 * garbage edges, and pauses inside a sentence priced).
 */
export function tunedNetworkOptions(tuning: AcousticTuning, use: 'search' | 'timing', grain: 'fine' | 'coarse' = 'fine'): NetworkOptions {
  return {
    garbageEdges: use === 'timing',
    garbageEntryLog: tuning.garbageEntryLog,
    garbageSelfLog: Math.log(tuning.garbageStayProbability),
    inSentencePauseLogPerFrame: use === 'timing' ? -tuning.inSentencePausePerFrame : 0,
    grain,
  };
}

export function buildNetwork(model: AcousticModel, words: readonly NetworkWord[], options: NetworkOptions): StateNetwork {
  const units: Unit[] = [];
  const states = options.grain === 'coarse' ? coarsePhoneState : phoneStates;
  const silence = (): Unit => ({ states: options.grain === 'coarse' ? coarsePhoneState(model, model.silencePhone) : pauseStates(model), word: -1, optional: true });
  const garbage = (): Unit => ({
    states: [{ senone: GARBAGE, self: options.garbageSelfLog, next: Math.log1p(-Math.exp(options.garbageSelfLog)) }],
    word: -1,
    optional: true,
  });
  if (options.garbageEdges) units.push(garbage());
  units.push(silence());
  words.forEach((w, i) => {
    for (const phone of w.phones) units.push({ states: states(model, phone), word: w.index, optional: false });
    const last = i === words.length - 1;
    units.push(last || w.sentenceEnd ? silence() : { ...silence(), pricePerFrame: options.inSentencePauseLogPerFrame ?? 0 });
    if (w.garbageAfter && !last) units.push(garbage());
  });
  if (options.garbageEdges) units.push(garbage());

  const size = units.reduce((n, u) => n + u.states.length, 0);
  const net: StateNetwork = {
    size,
    senone: new Int32Array(size),
    selfLog: new Float32Array(size),
    nextLog: new Float32Array(size),
    altFrom1: new Int32Array(size).fill(-1),
    altLog1: new Float32Array(size),
    altFrom2: new Int32Array(size).fill(-1),
    altLog2: new Float32Array(size),
    word: new Int32Array(size),
    finals: [],
    initials: [],
  };
  const unitFirst: number[] = [];
  const unitLast: number[] = [];
  let s = 0;
  for (const u of units) {
    unitFirst.push(s);
    for (const st of u.states) {
      net.senone[s] = st.senone;
      net.selfLog[s] = st.self;
      net.nextLog[s] = st.next;
      net.word[s] = u.word;
      s++;
    }
    unitLast.push(s - 1);
  }
  for (let u = 1; u < units.length; u++) {
    if (units[u - 1].optional) {
      // The first state of unit u may also be entered from the units before the optional one(s).
      // Nearest first; at most two optional units ever stand together (a pause, then garbage).
      const sources: number[] = [];
      for (let v = u - 1; v >= 1 && units[v].optional; v--) sources.push(unitLast[v - 1]);
      if (sources.length > 2) throw new Error('network: more than two optional units in a row');
      const target = unitFirst[u];
      for (const source of sources.slice(0, 2)) {
        // Garbage is paid for on entry; bypassing it costs nothing beyond the exit.
        const arcLog = net.nextLog[source];
        if (net.altFrom1[target] < 0) {
          net.altFrom1[target] = source;
          net.altLog1[target] = arcLog;
        } else if (net.altFrom2[target] < 0) {
          net.altFrom2[target] = source;
          net.altLog2[target] = arcLog;
        }
      }
    }
  }
  for (let u = 0; u < units.length; u++) if (units[u].states[0].senone === GARBAGE) markGarbageEntry(net, unitFirst[u], options.garbageEntryLog);
  for (let u = 0; u < units.length; u++) {
    const price = units[u].pricePerFrame ?? 0;
    if (price === 0) continue;
    // Every frame in a state comes in by one arc (its self-loop or an entry), so pricing those
    // arcs prices the frames.
    for (let s = unitFirst[u]; s <= unitLast[u]; s++) {
      net.selfLog[s] += price;
      if (s > 0) net.nextLog[s - 1] += price;
      if (net.altFrom1[s] >= 0) net.altLog1[s] += price;
      if (net.altFrom2[s] >= 0) net.altLog2[s] += price;
    }
  }
  // Starts: the first unit, and every unit up to and including the first non-optional one.
  for (let u = 0; u < units.length; u++) {
    net.initials.push(unitFirst[u]);
    if (!units[u].optional) break;
  }
  for (let u = units.length - 1; u >= 0; u--) {
    net.finals.push(unitLast[u]);
    if (!units[u].optional) break;
  }
  return net;
}

/**
 * Entering a garbage state costs `entryLog`, by the chain arc or a bypass arc into it. (Bypass
 * arcs that leave from the same source to states after the garbage were set before this, from the
 * unpriced exit, so skipping garbage stays free.)
 */
function markGarbageEntry(net: StateNetwork, state: number, entryLog: number): void {
  if (state > 0) net.nextLog[state - 1] += entryLog;
  if (net.altFrom1[state] >= 0) net.altLog1[state] += entryLog;
  if (net.altFrom2[state] >= 0) net.altLog2[state] += entryLog;
}

function phoneStates(model: AcousticModel, phone: number): Array<{ senone: number; self: number; next: number }> {
  const states = [];
  for (let k = 0; k < model.emittingStates; k++) {
    const [self, next] = model.transition(phone, k);
    states.push({ senone: model.ciSenone(phone, k), self, next });
  }
  return states;
}

function coarsePhoneState(_model: AcousticModel, phone: number): Array<{ senone: number; self: number; next: number }> {
  return [{ senone: phone, self: Math.log(COARSE_STAY), next: Math.log(1 - COARSE_STAY) }];
}

/** An optional pause: the silence phone's HMM, each state scoring the best filler (see ScoreLayout). */
function pauseStates(model: AcousticModel): Array<{ senone: number; self: number; next: number }> {
  return phoneStates(model, model.silencePhone).map((state, k) => ({ ...state, senone: model.pauseSenone(k) }));
}
