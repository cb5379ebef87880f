/**
 * Press-conference-like English for the benchmark recordings: the seed statement
 * (a real nato.int transcript excerpt) plus sentences from a template grammar with
 * varied vocabulary, numbers, percentages, currencies and acronyms. Every sentence
 * is unique within one recording, because repeated text would make word truth
 * ambiguous for an aligner.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './rng.js';

export type Role = 'host' | 'moderator' | 'question' | 'answer';

/** Written tokens (whitespace-delimited, as they would appear in the transcript), as spoken. */
export interface ScriptSentence {
  tokens: string[];
}
export interface ScriptParagraph {
  sentences: ScriptSentence[];
}
export interface ScriptTurn {
  role: Role;
  paragraphs: ScriptParagraph[];
}

export const SEED_DIR = '/work/shared/seeds';

/** Paragraphs of the seed description's transcript part (after the speaker marker, up to "Transcript continues:"). */
export function loadSeedParagraphs(dir = SEED_DIR): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const f of files) {
    const lines = readFileSync(join(dir, f), 'utf8').split(/\r?\n/);
    const start = lines.findIndex((l) => /NATO Secretary General:\s*$/.test(l));
    if (start < 0) continue;
    for (const line of lines.slice(start + 1)) {
      if (/^Transcript continues:/.test(line)) break;
      if (line.trim()) out.push(line.trim());
    }
  }
  return out;
}

/** Sentence split on terminal punctuation followed by a space and a capital/digit. */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"‘'])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function toSentence(text: string): ScriptSentence {
  return { tokens: text.split(/\s+/).filter(Boolean) };
}

export function sentenceText(s: ScriptSentence): string {
  return s.tokens.join(' ');
}

export function paragraphWordCount(p: ScriptParagraph): number {
  return p.sentences.reduce((n, s) => n + s.tokens.length, 0);
}

// ---------------------------------------------------------------------------
// Vocabulary. Everything must be readable by festival's English front end in a way
// a human would also say it (no "$40 billion", which festival reads as
// "forty billion dollars" on the first token and nothing on the second).

const ALLIES = [
  'Allies', 'European Allies', 'all 32 Allies', 'our Nordic Allies', 'Allies on the eastern flank',
  'Canada and the United States', 'the Baltic states', 'Germany', 'Poland', 'Norway', 'Italy',
  'the Netherlands', 'Romania', 'Finland and Sweden', 'Spain', 'France', 'the United Kingdom',
  'Denmark', 'Portugal', 'Greece', 'Slovakia', 'Estonia', 'Latvia', 'Lithuania', 'Belgium',
  'Bulgaria', 'Croatia', 'the Czech Republic', 'Hungary', 'Iceland', 'Luxembourg', 'Montenegro',
];
const PARTNERS = [
  'Ukraine', 'the European Union', 'our partners in the Indo-Pacific', 'Japan', 'Australia',
  'New Zealand', 'the Republic of Korea', 'the EU', 'the UN', 'Moldova', 'Georgia', 'Jordan',
  'our partners in the Western Balkans', 'the African Union',
];
const TOPICS = [
  'air and missile defence', 'ammunition production', 'cyber defence', 'critical undersea infrastructure',
  'space', 'our command structure', 'military mobility', 'hybrid threats', 'counter-terrorism',
  'energy security', 'arms control', 'the High North', 'the Black Sea region', 'innovation',
  'supply chains', 'climate and security', 'maritime security', 'long-range fires', 'drones and counter-drone systems',
  'artificial intelligence', 'logistics', 'readiness', 'interoperability', 'standardisation',
  'disinformation', 'nuclear deterrence', 'border security', 'the defence industrial base',
  'strategic airlift', 'intelligence sharing', 'training and exercises', 'medical support',
  'the protection of ports and railways', 'satellite communications', 'electronic warfare',
];
const DOMAINS = [
  'defence', 'research and development', 'major equipment', 'infrastructure', 'ammunition',
  'air defence', 'cyber security', 'new capabilities', 'military mobility', 'training',
];
const VERBS_PAST = [
  'agreed', 'discussed', 'reviewed', 'endorsed', 'launched', 'approved', 'assessed', 'welcomed',
  'addressed', 'finalised', 'adopted', 'presented', 'considered', 'examined',
];
const VERBS_INF = [
  'strengthen', 'expand', 'accelerate', 'deliver', 'fund', 'modernise', 'deploy', 'protect',
  'improve', 'scale up', 'sustain', 'coordinate', 'replenish', 'reinforce',
];
const OBJECT_FRAMES = [
  'a new action plan on {T}', 'the next steps on {T}', 'an updated framework for {T}',
  'concrete measures to strengthen {T}', 'a roadmap for {T}', 'new targets for {T}',
  'a common approach to {T}', 'joint projects in {T}', 'a package of support for {T}',
  'the findings of a review of {T}', 'a set of recommendations on {T}', 'a pledge on {T}',
  'new standards for {T}', 'a centre of excellence for {T}', 'a pilot programme on {T}',
];
const TIMES = [
  'today', 'this week', 'yesterday afternoon', 'in recent months', 'over the past year',
  'since 2022', 'by the end of 2026', 'at the summit in The Hague', 'in June', 'this morning',
  'earlier this year', 'over the coming weeks', 'before the summer', 'at our last meeting',
  'in the autumn', 'by 2030', 'within the next two years', 'last month',
];
const VALUES = [
  'our security', 'our freedom', 'deterrence', 'credibility', 'solidarity', 'our shared values',
  'the safety of our citizens', 'the rules-based international order', 'prosperity', 'unity',
  'burden sharing', 'resilience', 'the future of the Alliance', 'peace through strength',
];
const THREATS = [
  'cyber attacks', 'sabotage against critical infrastructure', 'Russian aggression', 'terrorism',
  'instability in our southern neighbourhood', 'attempts to interfere in our elections',
  'the proliferation of missiles', 'attacks on undersea cables', 'drone incursions',
  'the growing military cooperation between Russia and North Korea', 'disinformation campaigns',
];
const AUDIENCES = [
  'taxpayers', 'citizens in Europe', 'voters in the United States', 'people in Ukraine',
  'young people', 'industry leaders', 'parliaments', 'finance ministers', 'the defence industry',
];
const CHANGES = [
  'a significant increase', 'a steady rise', 'real progress', 'a sharp change', 'a clear shift',
  'important improvements', 'a remarkable acceleration', 'a welcome boost',
];
const MANNERS = [
  'faster', 'at scale', 'together with our partners', 'in a sustainable way', 'without delay',
  'across the Atlantic', 'in close cooperation with the EU', 'with a sense of urgency',
];
const EVENTS = [
  'the summit', 'the next Defence Ministers Meeting', 'the end of the year', 'the summer',
  'our meeting in October', 'the next round of talks', 'the Foreign Ministers Meeting',
];
const MEETINGS = [
  'the summit', 'the next Defence Ministers Meeting', 'the Foreign Ministers Meeting', 'the next NATO-Ukraine Council',
  'the meeting in October', 'the next round of talks', 'the Ramstein meeting',
];
const THINGS = [
  'global defence spending', 'the military aid to Ukraine', 'the combined GDP of the Alliance',
  'investment in new capabilities', 'the ammunition delivered last year', 'our joint exercises',
];
const UNITS = [
  'battalions', 'fighter jets', 'air defence systems', 'ships', 'tanks', 'helicopters',
  'training missions', 'artillery shells', 'satellites', 'drones', 'radars', 'troops',
];
const ORGS = [
  'NATO', 'the Alliance', 'the US', 'the EU', 'the UDCG', 'the NATO-Ukraine Council',
  'the Defence Planning Committee', 'the Military Committee', 'the Nuclear Planning Group',
];
const FIRST_NAMES = [
  'Anna', 'Thomas', 'Maria', 'Lorne', 'Teri', 'Jens', 'Paulina', 'Henry', 'Sofia', 'Marek',
  'Claire', 'Oliver', 'Ingrid', 'Luca', 'Nadia', 'David', 'Katarzyna', 'Pierre', 'Elena', 'James',
  'Lars', 'Rita', 'Stefan', 'Hanna', 'Ahmed', 'Olga', 'Michael', 'Laura', 'Tomas', 'Julia',
];
const LAST_NAMES = [
  'Kowalska', 'Schmidt', 'Cook', 'Schultz', 'Novak', 'Foster', 'Andersen', 'Rossi', 'Petrov',
  'Jensen', 'Brown', 'Martin', 'Nielsen', 'Garcia', 'Weber', 'Hansen', 'Moreau', 'Kovacs',
  'Wilson', 'Larsen', 'Berg', 'Fischer', 'Dumont', 'Costa', 'Lindqvist', 'Varga', 'Evans',
];
const OUTLETS = [
  'Reuters', 'Agence France-Presse', 'Deutsche Welle', 'Polish Radio', 'the Financial Times',
  'Bloomberg', 'Politico Europe', 'Sky News', 'Euronews', 'Al Jazeera', 'TVP World', 'Yle',
  'the Associated Press', 'CNN', 'the BBC', 'NHK', 'Radio Free Europe', 'Ukrinform', 'ARD',
  'the Wall Street Journal', 'Le Monde', 'El Pais', 'La Repubblica', 'NRK', 'Danish Radio',
  'the Kyiv Independent', 'Defense News', 'the Globe and Mail', 'CBC', 'Channel 4 News',
];
const COUNTRIES = [
  'Germany', 'Poland', 'Canada', 'Norway', 'Italy', 'Spain', 'France', 'Sweden', 'Finland',
  'the Netherlands', 'Denmark', 'Romania', 'the United Kingdom', 'Estonia', 'Greece', 'Portugal',
];

// Numbers in the forms a transcript writes them.
function year(r: Rng): string {
  return String(r.int(2014, 2030));
}
function pct(r: Rng): string {
  return r.chance(0.3) ? `${r.int(1, 9)}.${r.int(1, 9)}%` : `${r.int(2, 60)}%`;
}
function amount(r: Rng): string {
  const n = r.chance(0.25) ? `${r.int(1, 9)}.${r.int(1, 9)}` : String(r.int(2, 950));
  const scale = r.pick(['billion', 'billion', 'million', 'trillion']);
  const cur = r.pick(['US dollars', 'euros', 'dollars', 'euros', 'Canadian dollars', 'pounds']);
  return `${n} ${scale} ${cur}`;
}
function count(r: Rng): string {
  return r.chance(0.3) ? `${r.int(2, 95)},000` : String(r.int(3, 480));
}
function name(r: Rng): string {
  return `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
}

type Template = (r: Rng) => string;

function fill(frame: string, r: Rng): string {
  return frame.replace('{T}', r.pick(TOPICS));
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const STATEMENT: Template[] = [
  (r) => `When it comes to ${r.pick(TOPICS)}, ${r.pick(ALLIES)} have ${r.pick(VERBS_PAST)} ${fill(r.pick(OBJECT_FRAMES), r)}.`,
  (r) => { const y = r.int(2015, 2029); return `In ${y}, ${r.pick(ALLIES)} invested ${amount(r)} in ${r.pick(DOMAINS)}, a ${pct(r)} increase compared with ${y - 1}.`; },
  (r) => `We ${r.pick(VERBS_PAST)} ${fill(r.pick(OBJECT_FRAMES), r)} ${r.pick(TIMES)}.`,
  (r) => `${cap(r.pick(ALLIES))} also met with ${r.pick(PARTNERS)} to discuss ${r.pick(TOPICS)} and ${r.pick(TOPICS)}.`,
  (r) => `This is about ${r.pick(VALUES)}, and it is about ${r.pick(VALUES)}.`,
  (r) => `Since ${year(r)}, ${r.pick(ALLIES)} have added more than ${amount(r)} for ${r.pick(DOMAINS)}.`,
  (r) => `${cap(pct(r))} of Allies now spend at least ${pct(r)} of their GDP on ${r.pick(DOMAINS)}.`,
  (r) => `So there is no time to waste, and ${r.pick(ALLIES)} understand that ${r.pick(TOPICS)} must remain a priority.`,
  (r) => `${cap(r.pick(ORGS))} will ${r.pick(VERBS_INF)} ${fill(r.pick(OBJECT_FRAMES), r)} ${r.pick(TIMES)}.`,
  (r) => `I expect ${r.pick(ALLIES)} to ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} before ${r.pick(EVENTS)}.`,
  (r) => `We have seen ${r.pick(CHANGES)} in ${r.pick(TOPICS)} over the past ${r.int(2, 12)} years.`,
  (r) => `Our industry must ${r.pick(VERBS_INF)} ${r.pick(TOPICS)}, and it must do so ${r.pick(MANNERS)}.`,
  (r) => `I welcome the decision by ${r.pick(COUNTRIES)} to ${r.pick(VERBS_INF)} ${fill(r.pick(OBJECT_FRAMES), r)}.`,
  (r) => `Together, the US and the EU account for ${pct(r)} of ${r.pick(THINGS)}.`,
  (r) => `${cap(r.pick(COUNTRIES))} has committed ${count(r)} ${r.pick(UNITS)} to ${r.pick(TOPICS)} ${r.pick(TIMES)}.`,
  (r) => `Let me be clear: ${r.pick(THREATS)} will not weaken our resolve on ${r.pick(TOPICS)}.`,
  (r) => `The UDCG ${r.pick(VERBS_PAST)} ${fill(r.pick(OBJECT_FRAMES), r)}, with ${count(r)} ${r.pick(UNITS)} pledged ${r.pick(TIMES)}.`,
  (r) => `We must also remain vigilant against ${r.pick(THREATS)}, with consequences for ${r.pick(TOPICS)} across the Alliance.`,
  (r) => `By ${r.int(2026, 2035)}, we aim to ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} by at least ${pct(r)}.`,
  (r) => `That is why ${r.pick(ALLIES)} agreed to ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} ${r.pick(MANNERS)}.`,
  (r) => `Defence spending reached ${amount(r)} in ${year(r)}, which is ${pct(r)} more than planned.`,
  (r) => `${cap(r.pick(PARTNERS))} remains an important partner for ${r.pick(TOPICS)}, and our cooperation keeps growing.`,
  (r) => `Ministers ${r.pick(VERBS_PAST)} the state of ${r.pick(TOPICS)} and agreed on ${r.int(2, 9)} priorities for ${year(r)}.`,
  (r) => `More than ${count(r)} ${r.pick(UNITS)} took part in our exercises in ${r.pick(['the Baltic Sea', 'the High North', 'Romania', 'Poland', 'the Mediterranean', 'Norway', 'the North Atlantic'])} ${r.pick(TIMES)}.`,
  (r) => `First, we need more ${r.pick(DOMAINS)}; second, we need better ${r.pick(TOPICS)}.`,
  (r) => `The message from ${r.pick(ALLIES)} was clear: ${r.pick(VALUES)} depends on ${r.pick(TOPICS)}.`,
  (r) => `We will continue to ${r.pick(VERBS_INF)} our support for ${r.pick(PARTNERS)}, including on ${r.pick(TOPICS)}.`,
  (r) => `In ${year(r)}, ${r.pick(COUNTRIES)} delivered ${count(r)} ${r.pick(UNITS)} worth ${amount(r)}.`,
  (r) => `I also thanked ${r.pick(COUNTRIES)} for hosting ${r.pick(['the exercise', 'the new headquarters', 'our training centre', 'the conference', 'the multinational brigade'])} on ${r.pick(TOPICS)}.`,
  (r) => `It is important that ${r.pick(ALLIES)} and ${r.pick(PARTNERS)} work together on ${r.pick(TOPICS)}.`,
];

const QUESTION_BODY: Template[] = [
  (r) => `Do you expect ${r.pick(ALLIES)} to ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} ${r.pick(TIMES)}?`,
  (r) => `How concerned are you about ${r.pick(THREATS)}?`,
  (r) => `What is your message to ${r.pick(AUDIENCES)} who say that ${r.pick(TOPICS)} costs too much?`,
  (r) => `Can you tell us whether ${r.pick(ALLIES)} agreed to ${r.pick(VERBS_INF)} ${fill(r.pick(OBJECT_FRAMES), r)}?`,
  (r) => `You mentioned ${r.pick(TOPICS)} and ${pct(r)} of GDP; is that enough for ${r.pick(VALUES)}?`,
  (r) => `Is the figure of ${amount(r)} realistic for ${r.pick(COUNTRIES)}?`,
  (r) => `What did the US Secretary of Defence say about ${r.pick(TOPICS)} in the meeting ${r.pick(TIMES)}?`,
  (r) => `Will ${r.pick(PARTNERS)} be invited to ${r.pick(MEETINGS)} to discuss ${r.pick(TOPICS)}?`,
  (r) => `Are you worried that ${r.pick(THREATS)} could undermine ${r.pick(TOPICS)}?`,
  (r) => `How many ${r.pick(UNITS)} does the Alliance still need for ${r.pick(TOPICS)} by ${r.int(2026, 2035)}?`,
  (r) => `Secretary General, is there a timeline for ${r.pick(TOPICS)} before ${r.pick(EVENTS)}?`,
  (r) => `And a follow-up on ${r.pick(TOPICS)}: did ${r.pick(COUNTRIES)} make any new commitment ${r.pick(TIMES)}?`,
];
const QUESTION_CONTEXT: Template[] = [
  (r) => `You spoke about ${r.pick(TOPICS)} ${r.pick(TIMES)}.`,
  (r) => `There are reports that ${r.pick(COUNTRIES)} will spend ${pct(r)} of its GDP on ${r.pick(DOMAINS)}.`,
  (r) => `My question is about ${r.pick(TOPICS)} and ${r.pick(PARTNERS)}.`,
  (r) => `Several ministers said ${r.pick(TIMES)} that work on ${r.pick(TOPICS)} is falling behind.`,
  (r) => `The EU has proposed ${amount(r)} for ${r.pick(DOMAINS)}.`,
];

interface Asker {
  name: string;
  outlet: string;
}
type CallTemplate = (r: Rng, a: Asker) => string;
const ORDINAL_ROWS = ['second', 'third', 'fourth', 'fifth', 'sixth'];
const MODERATOR_CALL: CallTemplate[] = [
  (_r, a) => `Let's go to ${a.outlet}, ${a.name}.`,
  (_r, a) => `Next question, please, from ${a.outlet}.`,
  (_r, a) => `We'll take the next question from ${a.name}, ${a.outlet}.`,
  (r, a) => `${cap(a.outlet)}, the lady in the ${r.pick(ORDINAL_ROWS)} row.`,
  (r, a) => `${cap(a.outlet)}, the gentleman in the ${r.pick(ORDINAL_ROWS)} row.`,
  (_r, a) => `Thank you. ${cap(a.outlet)} is next.`,
  (_r, a) => `Now ${a.name} from ${a.outlet}, please.`,
  (r, a) => `We have time for ${r.pick(['two', 'three', 'a few', 'a couple of'])} more questions. ${cap(a.outlet)}.`,
  (_r, a) => `I see ${a.name} from ${a.outlet}.`,
];
const ANSWER_OPEN: Template[] = [
  (r) => `Thank you for the question on ${r.pick(TOPICS)}.`,
  (r) => `Well, first of all, ${r.pick(TOPICS)} is a top priority for ${r.pick(ALLIES)}.`,
  (r) => `On ${r.pick(TOPICS)}, let me say this.`,
  (r) => `I think it is important to see the bigger picture on ${r.pick(TOPICS)}.`,
  (r) => `Thank you, ${r.pick(FIRST_NAMES)}, and I understand the question about ${r.pick(TOPICS)}.`,
  (r) => `Let me answer the second part first, on ${r.pick(TOPICS)}.`,
];

/** Who opens and how turns follow one another (drawn per recording by scenario.ts). */
export interface TurnOrder {
  /** The first voice heard: the host's statement, a moderator's welcome, or a journalist's question. */
  opening: 'host' | 'moderator' | 'journalist';
  /** Share of questions the moderator announces (the rest follow without a call). */
  callShare: number;
  /** Share of answers followed by another question without a call. */
  followUpShare: number;
}

const MODERATOR_OPENING: Template[] = [
  () => 'Good afternoon, ladies and gentlemen, and welcome to this press conference.',
  () => 'Good morning, everyone, and thank you for joining us.',
  (r) => `Welcome to NATO Headquarters for this press conference after ${r.pick(MEETINGS)}.`,
  () => 'Good evening, and welcome to this press point.',
  (r) => `Welcome, everyone, to this press conference on ${r.pick(TOPICS)}.`,
];
const MODERATOR_HANDOVER: Template[] = [
  () => 'The Secretary General will start with a few opening remarks, and then we will take your questions.',
  () => 'We will begin with a short statement, followed by questions from the floor.',
  () => 'Secretary General, the floor is yours.',
  (r) => `We have about ${r.pick(['twenty', 'thirty', 'forty', 'forty-five'])} minutes, so please keep your questions short.`,
];

/**
 * Small talk of people waiting for a press conference to start, or leaving after it: speech
 * that is never in the transcript. Short, generic sentences; repetition across a recording is
 * harmless because none of it is aligned.
 */
export const CHATTER_SENTENCES: string[] = [
  'Is this seat taken?', 'No, go ahead, it is free.', 'Do you know when it starts?', 'They said about ten minutes.',
  'Can you hear me at the back?', 'Testing, one, two, one, two.', 'Could you move your tripod a little to the left?',
  'Has anyone seen the press release yet?', 'I think it was sent this morning.', 'The coffee here is terrible.',
  'Are you filing for radio or online?', 'We go live at the top of the hour.', 'My flight back is at seven.',
  'Did you get a question in last time?', 'No, they only took four questions.', 'Is the interpretation on channel two?',
  'Check your microphone, the red light is off.', 'We are still waiting for the delegation.', 'I heard they are running late.',
  'Which room is the briefing in after this?', 'Excuse me, is this the queue for accreditation?', 'Could you pass me that cable?',
  'The wifi password is on the wall over there.', 'I need a sound level from you, just say anything.', 'That is fine, you are good.',
  'How long have you been covering this?', 'About six years now, mostly defence.', 'Are you staying for the reception?',
  'Not tonight, I have an edit to finish.', 'Did they say who is moderating?', 'Somebody from the press office, I think.',
  'Is there a transcript afterwards?', 'Usually on the website by the evening.', 'Please switch your phones to silent.',
  'We are starting in two minutes.', 'Camera two, can you give me a wider shot?', 'The batteries are nearly empty.',
  'Let me know when you are rolling.', 'Rolling now.', 'Who is that standing by the door?', 'Thank you all for waiting.',
  'They have moved the start time again.', 'Is the lighting okay for you?', 'Can we get some water on the podium?',
  'I will sit near the aisle in case they call on me.', 'Do you have a spare pen?', 'That was quicker than last week.',
  'Shall we grab lunch after this?', 'Sure, the canteen closes at two.', 'Did you hear the announcement about the summit?',
];

/**
 * A deterministic stream of press-conference turns: the host's statement (optionally
 * opening with the seed paragraphs), then moderator call, question, answer, repeated.
 */
export class PressConference {
  private readonly used = new Set<string>();
  private readonly r: Rng;
  private phase: 'statement' | 'call' | 'question' | 'answer' = 'statement';
  private statementParagraphsLeft: number;
  private seed: string[];
  private first = true;
  private asker: Asker = { name: '', outlet: '' };

  private readonly order: TurnOrder;
  private opened = false;

  constructor(
    seed: string,
    opts: { seedParagraphs?: string[]; statementParagraphs?: number; order?: Partial<TurnOrder> } = {},
  ) {
    this.r = new Rng(`text:${seed}`);
    this.seed = [...(opts.seedParagraphs ?? [])];
    this.statementParagraphsLeft = opts.statementParagraphs ?? 8;
    this.order = { opening: 'host', callShare: 1, followUpShare: 0, ...opts.order };
  }

  /** A unique sentence from the templates (retries on collision). */
  sentence(templates: Template[]): ScriptSentence {
    for (let attempt = 0; attempt < 200; attempt++) {
      const text = this.r.pick(templates)(this.r);
      const key = text.toLowerCase().replace(/[^a-z0-9%]+/g, ' ').trim();
      if (!this.used.has(key)) {
        this.used.add(key);
        return toSentence(text);
      }
    }
    throw new Error('template grammar exhausted: add vocabulary');
  }

  /** Registers text used elsewhere (seed sentences) so the grammar never repeats it. */
  private claim(text: string): boolean {
    const key = text.toLowerCase().replace(/[^a-z0-9%]+/g, ' ').trim();
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  paragraph(templates: Template[], nMin: number, nMax: number): ScriptParagraph {
    const n = this.r.int(nMin, nMax);
    return { sentences: Array.from({ length: n }, () => this.sentence(templates)) };
  }

  /** A generated paragraph of about `words` words (for an inserted, never-spoken paragraph). */
  paragraphOfWords(words: number): ScriptParagraph {
    const sentences: ScriptSentence[] = [];
    let n = 0;
    while (n < words - 6) {
      const s = this.sentence(STATEMENT);
      sentences.push(s);
      n += s.tokens.length;
    }
    return { sentences };
  }

  nextTurn(): ScriptTurn {
    const r = this.r;
    if (!this.opened) {
      this.opened = true;
      if (this.order.opening === 'moderator') {
        return { role: 'moderator', paragraphs: [{ sentences: [this.sentence(MODERATOR_OPENING), this.sentence(MODERATOR_HANDOVER)] }] };
      }
      if (this.order.opening === 'journalist') {
        // A doorstep: a journalist calls out a question before any statement, and the answer
        // carries the statement's paragraphs.
        const sentences = [this.sentence([() => `${r.pick(['Secretary General', 'Sir', 'Excuse me'])}, ${r.pick(['just a quick question', 'one question', 'a question from the press'])}.`])];
        sentences.push(this.sentence(QUESTION_BODY));
        return { role: 'question', paragraphs: [{ sentences }] };
      }
    }
    switch (this.phase) {
      case 'statement': {
        const paragraphs: ScriptParagraph[] = [];
        if (this.first) {
          this.first = false;
          for (const p of this.seed) {
            const sentences = splitSentences(p).filter((s) => this.claim(s)).map(toSentence);
            if (sentences.length) paragraphs.push({ sentences });
          }
        }
        while (this.statementParagraphsLeft-- > 0) paragraphs.push(this.paragraph(STATEMENT, 2, 5));
        this.phase = 'call';
        return { role: 'host', paragraphs };
      }
      case 'call': {
        this.phase = 'question';
        const asker = { name: name(r), outlet: r.pick(OUTLETS) };
        this.asker = asker;
        const sentence = this.sentence(MODERATOR_CALL.map((t) => (rr: Rng) => t(rr, asker)));
        return { role: 'moderator', paragraphs: [{ sentences: [sentence] }] };
      }
      case 'question': {
        this.phase = 'answer';
        const intro = toSentence(r.chance(0.7) ? `${this.asker.name}, ${this.asker.outlet}.` : `Thank you. ${this.asker.name} from ${this.asker.outlet}.`);
        const sentences = [intro];
        if (!this.claim(sentenceText(intro))) sentences.shift();
        if (r.chance(0.6)) sentences.push(this.sentence(QUESTION_CONTEXT));
        sentences.push(this.sentence(QUESTION_BODY));
        if (r.chance(0.35)) sentences.push(this.sentence(QUESTION_BODY));
        return { role: 'question', paragraphs: [{ sentences }] };
      }
      case 'answer': {
        // Who speaks after this answer: the moderator calls the next journalist, or the
        // journalist asks a follow-up, or the next one just speaks up.
        this.phase = r.chance(this.order.followUpShare) ? 'question' : r.chance(this.order.callShare) ? 'call' : 'question';
        if (this.phase === 'question' && r.chance(0.5)) this.asker = { name: name(r), outlet: r.pick(OUTLETS) };
        const paragraphs: ScriptParagraph[] = [];
        const n = r.int(1, 4);
        for (let i = 0; i < n; i++) {
          const p = this.paragraph(STATEMENT, 1, 4);
          if (i === 0) p.sentences.unshift(this.sentence(ANSWER_OPEN));
          paragraphs.push(p);
        }
        return { role: 'answer', paragraphs };
      }
    }
  }
}
