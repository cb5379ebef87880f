/**
 * HMM state networks for one stretch of transcript: each word's phones as the model's 3-state
 * left-to-right HMMs, with optional silence between words and optional garbage (speech or sound
 * that is not in the text) where the caller asks for it, and, for timing, each of a word's
 * dictionary pronunciations side by side (the audio chooses). The states are laid out as a chain;
 * the arcs the chain does not give (bypassing an optional unit, into and out of a word's other
 * pronunciations) are listed per state as extra incoming arcs.
 */
import type { AcousticModel } from './model.js';
import { triphoneId, WordPosition } from './modelFiles.js';
import type { AcousticTuning } from './tuning.js';

/** A state that scores every frame at a flat price below the best senone: anything not in the text. */
export const GARBAGE = -1;

/** The kernels record which way a state was entered in one byte: stay, chain, then one code per extra arc. */
export const MAX_EXTRA_ARCS = 253;

export interface StateNetwork {
  size: number;
  /**
   * Score column per state, or GARBAGE: a CI senone id or a pause column of the held scores; in a
   * triphone network, the model's senone id (contextColumns turns them into a window's columns).
   */
  senone: Int32Array;
  /** Log probabilities of staying and of moving to the next state in the chain (−∞ where the next state is not this one's successor). */
  selfLog: Float32Array;
  nextLog: Float32Array;
  /**
   * Extra incoming arcs, by target state: the arcs into state s are arcFrom[k] (the source state)
   * with log probability arcLog[k], for k in [arcStart[s], arcStart[s + 1]). Nearest source first.
   */
  arcStart: Int32Array;
  arcFrom: Int32Array;
  arcLog: Float32Array;
  /** Transcript word of each state, or -1 for silence and garbage. */
  word: Int32Array;
  /** States where a path may end (the last state, and the last word's end when trailing units are optional). */
  finals: number[];
  /** States where a path may start (the first, and the first word's start when leading units are optional). */
  initials: number[];
}

/** The extra arcs into state `s`: [source, log probability] pairs. */
export function extraArcs(net: StateNetwork, s: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = net.arcStart[s]; k < net.arcStart[s + 1]; k++) out.push([net.arcFrom[k], net.arcLog[k]]);
  return out;
}

export interface NetworkWord {
  index: number;
  /** The word's phones (its first dictionary pronunciation, or eSpeak's). */
  phones: number[];
  /** Its other dictionary pronunciations, if any (the word's parts' pronunciations combined). */
  alternates?: number[][];
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
  /** A word's pronunciations laid side by side, at most this many (1: its first only). */
  pronunciationsPerWord?: number;
  /**
   * `phone` (the default): each phone is its context-independent HMM, whose senones the held
   * scores have. `triphone`: each phone is the model's triphone between its neighbours, across
   * word boundaries in whichever context the path gives (the next word's phone when it goes
   * straight on, silence's after a pause or garbage; see Branch), silence at the network's edges.
   * Its senones are the model's, which only contextScores gives (see contextColumns). Fine grain only.
   */
  context?: 'phone' | 'triphone';
}

/** A coarse phone state's stay probability: about 2.5 coarse frames (75 ms) per phone. */
const COARSE_STAY = 0.6;

interface StateSpec {
  senone: number;
  self: number;
  next: number;
}

/**
 * A way through a unit. In a triphone network a word's edge phones depend on what is next to
 * them, which the path decides: a branch may be only for following a word directly (`after:
 * 'word'`, its first phone in that word's context) or only for following a pause or garbage
 * (`after: 'pause'`, in silence's context), and likewise for what it precedes (`before`).
 */
interface Branch {
  states: StateSpec[];
  after?: 'word' | 'pause';
  before?: 'word' | 'pause';
}

/** One link of the chain: a word (one branch per pronunciation, and per context in a triphone network), a pause or garbage (one branch). */
interface Unit {
  branches: Branch[];
  word: number;
  optional: boolean;
  /** Log price per frame spent in the unit (0 for none). */
  pricePerFrame?: number;
}

/**
 * The network options the tuning sets, for the two uses: searching (`search`, on the fine or the
 * coarse grid: free edges, where only the words' own fit counts, and each word's first
 * pronunciation, as its shuffled impostors have) and timing words (`timing`: garbage edges,
 * pauses inside a sentence priced, and the words' pronunciations side by side).
 */
export function tunedNetworkOptions(tuning: AcousticTuning, use: 'search' | 'timing', grain: 'fine' | 'coarse' = 'fine'): NetworkOptions {
  return {
    garbageEdges: use === 'timing',
    garbageEntryLog: tuning.garbageEntryLog,
    garbageSelfLog: Math.log(tuning.garbageStayProbability),
    inSentencePauseLogPerFrame: use === 'timing' ? -tuning.inSentencePausePerFrame : 0,
    grain,
    pronunciationsPerWord: use === 'timing' ? tuning.timingPronunciationsPerWord : 1,
  };
}

export function buildNetwork(model: AcousticModel, words: readonly NetworkWord[], options: NetworkOptions): StateNetwork {
  const units: Unit[] = [];
  const coarse = options.grain === 'coarse';
  const phoneSpecs = (phones: readonly number[]): StateSpec[] => phones.flatMap((phone) => (coarse ? coarsePhoneState(model, phone) : phoneStates(model, phone)));
  const silence = (): Unit => ({ branches: [{ states: coarse ? coarsePhoneState(model, model.silencePhone) : pauseStates(model) }], word: -1, optional: true });
  const garbage = (): Unit => ({
    branches: [{ states: [{ senone: GARBAGE, self: options.garbageSelfLog, next: Math.log1p(-Math.exp(options.garbageSelfLog)) }] }],
    word: -1,
    optional: true,
  });
  const pronunciations = Math.max(1, options.pronunciationsPerWord ?? 1);
  if (options.garbageEdges) units.push(garbage());
  units.push(silence());
  const triphones = options.context === 'triphone' && !coarse;
  words.forEach((w, i) => {
    const variants = [w.phones, ...(w.alternates ?? [])].slice(0, pronunciations);
    const branches = triphones
      ? variants.flatMap((phones) => contextBranches(model, phones, words[i - 1]?.phones, words[i + 1]?.phones))
      : variants.map((phones) => ({ states: phoneSpecs(phones) }));
    units.push({ branches, word: w.index, optional: false });
    const last = i === words.length - 1;
    units.push(last || w.sentenceEnd ? silence() : { ...silence(), pricePerFrame: options.inSentencePauseLogPerFrame ?? 0 });
    if (w.garbageAfter && !last) units.push(garbage());
  });
  if (options.garbageEdges) units.push(garbage());

  // Lay the states out: unit by unit, each unit's branches one after the other.
  const size = units.reduce((n, u) => n + u.branches.reduce((m, b) => m + b.states.length, 0), 0);
  const senone = new Int32Array(size);
  const selfLog = new Float32Array(size);
  const nextLog = new Float32Array(size);
  /** Each state's own log probability of moving on (to whatever follows it). */
  const exitLog = new Float32Array(size);
  const word = new Int32Array(size);
  /** First and last state of each branch, per unit. */
  const entries: number[][] = [];
  const exits: number[][] = [];
  let s = 0;
  for (const u of units) {
    const firsts: number[] = [];
    const lasts: number[] = [];
    for (const branch of u.branches) {
      firsts.push(s);
      for (const st of branch.states) {
        senone[s] = st.senone;
        selfLog[s] = st.self;
        nextLog[s] = st.next;
        exitLog[s] = st.next;
        word[s] = u.word;
        s++;
      }
      lasts.push(s - 1);
    }
    entries.push(firsts);
    exits.push(lasts);
  }
  // Into each branch of unit u: from every branch of the unit before it, and past each optional
  // unit, from the units before that (nearest first). The chain gives the arc from the state just
  // before; every other source is an extra arc at the source's own exit probability.
  const incoming: Array<Array<{ from: number; log: number }>> = Array.from({ length: size }, () => []);
  const chainEntered = new Uint8Array(size);
  for (let u = 1; u < units.length; u++) {
    const sources: Array<{ unit: number; branch: number }> = [];
    for (let v = u - 1; v >= 0; v--) {
      units[v].branches.forEach((_, branch) => sources.push({ unit: v, branch }));
      if (!units[v].optional) break;
    }
    units[u].branches.forEach((into, b) => {
      const target = entries[u][b];
      for (const { unit: v, branch } of sources) {
        if (!joins(units[v], units[v].branches[branch], units[u], into)) continue;
        const source = exits[v][branch];
        if (source === target - 1) chainEntered[target] = 1;
        else incoming[target].push({ from: source, log: exitLog[source] });
      }
      if (incoming[target].length > MAX_EXTRA_ARCS) throw new Error(`network: more than ${MAX_EXTRA_ARCS} arcs into one state`);
    });
  }
  // A branch's first state is entered only by its arcs: the state before it in the chain (the end
  // of the word's previous pronunciation) does not lead there.
  for (let u = 1; u < units.length; u++) for (const target of entries[u]) if (!chainEntered[target]) nextLog[target - 1] = -Infinity;

  const arcStart = new Int32Array(size + 1);
  for (let t = 0; t < size; t++) arcStart[t + 1] = arcStart[t] + incoming[t].length;
  const arcFrom = new Int32Array(arcStart[size]);
  const arcLog = new Float32Array(arcStart[size]);
  incoming.forEach((arcs, t) =>
    arcs.forEach((arc, k) => {
      arcFrom[arcStart[t] + k] = arc.from;
      arcLog[arcStart[t] + k] = arc.log;
    }),
  );
  const net: StateNetwork = { size, senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, finals: [], initials: [] };
  for (let u = 0; u < units.length; u++) if (units[u].branches[0].states[0].senone === GARBAGE) markGarbageEntry(net, entries[u][0], options.garbageEntryLog);
  for (let u = 0; u < units.length; u++) {
    const price = units[u].pricePerFrame ?? 0;
    if (price === 0) continue;
    // Every frame in a state comes in by one arc (its self-loop or an entry), so pricing those
    // arcs prices the frames.
    for (let t = entries[u][0]; t <= exits[u][exits[u].length - 1]; t++) {
      net.selfLog[t] += price;
      if (t > 0) net.nextLog[t - 1] += price;
      for (let k = arcStart[t]; k < arcStart[t + 1]; k++) net.arcLog[k] += price;
    }
  }
  // Starts: the first unit, and every unit up to and including the first non-optional one.
  for (let u = 0; u < units.length; u++) {
    net.initials.push(...entries[u]);
    if (!units[u].optional) break;
  }
  for (let u = units.length - 1; u >= 0; u--) {
    net.finals.push(...exits[u]);
    if (!units[u].optional) break;
  }
  return net;
}

/**
 * Entering a garbage state costs `entryLog`, by the chain arc or an extra arc into it. (Extra arcs
 * that leave from the same source to states after the garbage were set before this, from the
 * unpriced exit, so skipping garbage stays free.)
 */
function markGarbageEntry(net: StateNetwork, state: number, entryLog: number): void {
  if (state > 0) net.nextLog[state - 1] += entryLog;
  for (let k = net.arcStart[state]; k < net.arcStart[state + 1]; k++) net.arcLog[k] += entryLog;
}

/** May a path go from `branch` of unit `from` straight into `into` of unit `to` (see Branch)? */
function joins(from: Unit, branch: Branch, to: Unit, into: Branch): boolean {
  const fromKind = from.word >= 0 ? 'word' : 'pause';
  const toKind = to.word >= 0 ? 'word' : 'pause';
  return (branch.before === undefined || branch.before === toKind) && (into.after === undefined || into.after === fromKind);
}

/**
 * A word's branches for one pronunciation in a triphone network: its first phone after the word
 * before (when a path comes straight from it) or after silence (after a pause, or at the start),
 * and its last phone likewise before the next word or silence. Neighbours' edge phones are taken
 * from their first pronunciations.
 */
function contextBranches(model: AcousticModel, phones: readonly number[], previous: readonly number[] | undefined, next: readonly number[] | undefined): Branch[] {
  const silence = model.silencePhone;
  const lefts: Array<{ phone: number; after?: 'word' | 'pause' }> = previous?.length
    ? [{ phone: previous[previous.length - 1], after: 'word' }, { phone: silence, after: 'pause' }]
    : [{ phone: silence }];
  const rights: Array<{ phone: number; before?: 'word' | 'pause' }> = next?.length ? [{ phone: next[0], before: 'word' }, { phone: silence, before: 'pause' }] : [{ phone: silence }];
  return lefts.flatMap((left) =>
    rights.map((right) => ({
      states: contextPhones(model, phones, left.phone, right.phone).flatMap((p) => phoneStates(model, p)),
      after: left.after,
      before: right.before,
    })),
  );
}

/**
 * A word's phones as the model's triphones (ids in the model definition's phone list), each between
 * its neighbours, `left` and `right` at the word's edges; a phone whose triphone the model lacks
 * stays its CI phone.
 */
export function contextPhones(model: AcousticModel, phones: readonly number[], left: number, right: number): number[] {
  const last = phones.length - 1;
  return phones.map((phone, j) => {
    const position = last === 0 ? WordPosition.Single : j === 0 ? WordPosition.Begin : j === last ? WordPosition.End : WordPosition.Internal;
    const id = triphoneId(model.definition, phone, j === 0 ? left : phones[j - 1], j === last ? right : phones[j + 1], position);
    return id >= 0 ? id : phone;
  });
}

/**
 * A triphone network's senones as columns of a contextScores window: its word states' distinct
 * model senones (`senoneIds`, in the order of the columns), then the held pause columns; the
 * network with its states pointing at those columns.
 */
export function contextColumns(model: AcousticModel, net: StateNetwork): { senoneIds: Int32Array; network: StateNetwork } {
  const column = new Map<number, number>();
  for (let s = 0; s < net.size; s++) if (net.word[s] >= 0 && !column.has(net.senone[s])) column.set(net.senone[s], column.size);
  const n = column.size;
  const senone = net.senone.map((id, s) => (id === GARBAGE ? GARBAGE : net.word[s] >= 0 ? column.get(id)! : n + (id - model.ciSenones)));
  return { senoneIds: Int32Array.from(column.keys()), network: { ...net, senone } };
}

function phoneStates(model: AcousticModel, phone: number): StateSpec[] {
  const states = [];
  for (let k = 0; k < model.emittingStates; k++) {
    const [self, next] = model.transition(phone, k);
    states.push({ senone: model.phoneSenone(phone, k), self, next });
  }
  return states;
}

function coarsePhoneState(_model: AcousticModel, phone: number): StateSpec[] {
  return [{ senone: phone, self: Math.log(COARSE_STAY), next: Math.log(1 - COARSE_STAY) }];
}

/** An optional pause: the silence phone's HMM, each state scoring the best filler (see ScoreLayout). */
function pauseStates(model: AcousticModel): StateSpec[] {
  return phoneStates(model, model.silencePhone).map((state, k) => ({ ...state, senone: model.pauseSenone(k) }));
}
