/**
 * The French set (`--language fr`): a few short press conferences in French, spoken by the
 * MBROLA voices fr1 (male) and fr4 (female) with pitch and rate variants (bench/corpus/mbrola.ts),
 * text from a small French template grammar. Same builder, conditions and truth format as the
 * English sets; make.ts builds it with `--sets french` into bench/.cache/sets/french/.
 *
 * Speaker labels stay in the English form capsync and the truth tokenizer read
 * ("NATO Secretary General:", "Moderator:", "Question:"); the words are French. No space before
 * "?" and ":" (French typography puts one there): a lone "?" would be a transcript token that
 * nobody speaks.
 */
import type { FixedTurn } from './build.js';
import { voiceVariant } from './festival.js';
import { Rng } from './rng.js';
import type { ScenarioSpec } from './scenario.js';

const ALLIES = ['les Alliés', 'les Alliés européens', 'le Canada et les États-Unis', 'la Pologne', "l'Allemagne", 'la France', 'la Norvège', "l'Italie", 'les pays baltes', 'la Roumanie', 'la Finlande et la Suède', "l'Espagne"];
const TOPICS = [
  'la défense aérienne', 'la production de munitions', 'la cyberdéfense', 'les infrastructures sous-marines', 'la mobilité militaire',
  'les menaces hybrides', 'la lutte contre le terrorisme', 'la sécurité énergétique', 'le contrôle des armements', "le Grand Nord",
  'la région de la mer Noire', "l'innovation", "les chaînes d'approvisionnement", 'la sécurité maritime', 'les drones',
  "l'intelligence artificielle", 'la logistique', "l'interopérabilité", 'la désinformation', 'la dissuasion nucléaire',
  'le partage du renseignement', 'la formation et les exercices', 'les communications par satellite',
];
const VERBS_PAST = ['adopté', 'examiné', 'approuvé', 'lancé', 'discuté', 'évalué', 'présenté', 'renforcé', 'finalisé'];
const VERBS_INF = ['renforcer', 'accélérer', 'financer', 'moderniser', 'protéger', 'améliorer', 'soutenir', 'coordonner', 'développer'];
const OBJECTS = [
  "un nouveau plan d'action sur {T}", 'les prochaines étapes concernant {T}', 'un cadre actualisé pour {T}', 'des mesures concrètes pour {T}',
  'une feuille de route pour {T}', 'de nouveaux objectifs pour {T}', 'une approche commune de {T}', 'des projets communs dans {T}',
];
const TIMES = ["aujourd'hui", 'cette semaine', 'hier après-midi', 'ces derniers mois', "depuis l'an dernier", "d'ici la fin de l'année", 'au sommet de La Haye', 'en juin', 'ce matin', 'le mois dernier'];
const VALUES = ['notre sécurité', 'notre liberté', 'la dissuasion', 'la solidarité', 'nos valeurs communes', 'la sécurité de nos citoyens', "l'unité de l'Alliance", 'la résilience'];
const COUNTRIES = ['la Pologne', "l'Allemagne", 'le Canada', 'la Norvège', "l'Italie", "l'Espagne", 'la France', 'la Suède', 'la Finlande', 'les Pays-Bas', 'le Danemark', 'la Roumanie'];
const NAMES = ['Anne Martin', 'Pierre Dubois', 'Claire Moreau', 'Julien Lefèvre', 'Sophie Laurent', 'Marc Girard', 'Élise Fontaine', 'Thomas Mercier', 'Camille Rousseau', 'Nicolas Bernard'];
const OUTLETS = ['Le Monde', 'Radio France', 'France Télévisions', "l'Agence France-Presse", 'Le Figaro', 'La Libre Belgique', 'Radio-Canada', 'Le Soir', 'TV5 Monde', 'Euronews'];

type T = (r: Rng) => string;
const fill = (s: string, r: Rng) => s.replace('{T}', r.pick(TOPICS));
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const year = (r: Rng) => String(r.int(2015, 2030));
const amount = (r: Rng) => `${r.int(2, 900)} milliards ${r.pick(["d'euros", 'de dollars'])}`;

const STATEMENT: T[] = [
  (r) => `En ce qui concerne ${r.pick(TOPICS)}, ${r.pick(ALLIES)} ont ${r.pick(VERBS_PAST)} ${fill(r.pick(OBJECTS), r)}.`,
  (r) => `Nous avons ${r.pick(VERBS_PAST)} ${fill(r.pick(OBJECTS), r)} ${r.pick(TIMES)}.`,
  (r) => `En ${year(r)}, ${r.pick(ALLIES)} ont investi ${amount(r)} dans ${r.pick(TOPICS)}.`,
  (r) => `Il s'agit de ${r.pick(VALUES)}, et il s'agit aussi de ${r.pick(VALUES)}.`,
  (r) => `${cap(r.pick(ALLIES))} doivent ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} sans attendre.`,
  (r) => `Je salue la décision de ${r.pick(COUNTRIES)} de ${r.pick(VERBS_INF)} ${fill(r.pick(OBJECTS), r)}.`,
  (r) => `Nous devons rester vigilants face à ${r.pick(['la désinformation', 'les cyberattaques', 'le sabotage', 'la menace terroriste', 'les incursions de drones'])}.`,
  (r) => `Plus de ${r.int(3, 90)} mille soldats ont participé à nos exercices ${r.pick(TIMES)}.`,
  (r) => `Notre industrie doit produire davantage, et plus vite, pour ${r.pick(TOPICS)}.`,
  (r) => `Nous continuerons à soutenir l'Ukraine, notamment dans le domaine de ${r.pick(TOPICS)}.`,
  (r) => `Les ministres ont fixé ${r.int(2, 9)} priorités pour ${year(r)}, dont ${r.pick(TOPICS)}.`,
  (r) => `Le message de ${r.pick(ALLIES)} était clair: ${r.pick(VALUES)} dépend de ${r.pick(TOPICS)}.`,
  (r) => `Il est essentiel que ${r.pick(ALLIES)} travaillent ensemble sur ${r.pick(TOPICS)}.`,
  (r) => `Les dépenses de défense ont atteint ${amount(r)} en ${year(r)}.`,
];
const QUESTION: T[] = [
  (r) => `Pensez-vous que ${r.pick(ALLIES)} vont ${r.pick(VERBS_INF)} ${r.pick(TOPICS)} ${r.pick(TIMES)}?`,
  (r) => `Quel est votre message à ceux qui disent que ${r.pick(TOPICS)} coûte trop cher?`,
  (r) => `Pouvez-vous nous dire si ${r.pick(COUNTRIES)} a pris un nouvel engagement sur ${r.pick(TOPICS)}?`,
  (r) => `Êtes-vous inquiet au sujet de ${r.pick(TOPICS)}?`,
  (r) => `Le chiffre de ${amount(r)} est-il réaliste pour ${r.pick(COUNTRIES)}?`,
  (r) => `Y a-t-il un calendrier pour ${r.pick(TOPICS)} avant le sommet?`,
];
const ANSWER_OPEN: T[] = [
  (r) => `Merci pour votre question sur ${r.pick(TOPICS)}.`,
  (r) => `Tout d'abord, ${r.pick(TOPICS)} est une priorité pour ${r.pick(ALLIES)}.`,
  (r) => `Sur ${r.pick(TOPICS)}, permettez-moi de dire ceci.`,
  () => `Je comprends tout à fait la question.`,
];

/** A French press conference script of about `seconds` of speech. */
export function frenchScript(seed: string, seconds: number, opening: 'host' | 'moderator'): FixedTurn[] {
  const r = new Rng(`french:${seed}`);
  const used = new Set<string>();
  const sentence = (ts: T[]): string => {
    for (let k = 0; k < 200; k++) {
      const s = r.pick(ts)(r);
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
    throw new Error('French grammar exhausted');
  };
  const para = (ts: T[], lo: number, hi: number) => Array.from({ length: r.int(lo, hi) }, () => sentence(ts)).join(' ');
  const turns: FixedTurn[] = [];
  let words = 0;
  const target = seconds * 2.3;
  const add = (t: FixedTurn) => {
    turns.push(t);
    words += t.paragraphs.join(' ').split(/\s+/).length;
  };
  if (opening === 'moderator') add({ role: 'moderator', paragraphs: ['Bonjour à toutes et à tous, et bienvenue à cette conférence de presse. Le Secrétaire général va commencer par une déclaration.'] });
  add({ role: 'host', paragraphs: ['Bonjour.', ...Array.from({ length: Math.max(2, Math.round((target * 0.45) / 40)) }, () => para(STATEMENT, 2, 4))] });
  while (words < target) {
    const name = r.pick(NAMES);
    const outlet = r.pick(OUTLETS);
    add({ role: 'moderator', paragraphs: [`Question suivante, ${name}, ${outlet}.`] });
    add({ role: 'question', paragraphs: [`Merci. ${sentence(QUESTION)}`] });
    add({ role: 'answer', paragraphs: [`${sentence(ANSWER_OPEN)} ${para(STATEMENT, 1, 3)}`, ...(r.chance(0.5) ? [para(STATEMENT, 1, 2)] : [])] });
  }
  return turns;
}

/**
 * French recordings to tune on (`--sets french-tuning`): drawn like the French set, with other
 * seeds, voice variants and rooms. The French set itself is only reported on.
 */
export function frenchTuningSet(): ScenarioSpec[] {
  const reporter = voiceVariant('frf', 2, 1.05);
  const reporter2 = voiceVariant('frm', 1, 0.9);
  const host = voiceVariant('frm', -2, 1.05);
  const base = { set: 'french-tuning' as const, seedParagraphs: 0, statementParagraphs: 0, longSilence: 0, language: 'fr' as const, realClipIds: [] };
  return withFrenchConditions([
    {
      ...base, name: 'frt-01-2min', seconds: 0, host: 'frf', moderator: 'frm', questioners: [reporter2], transcript: { kind: 'full' },
      leadIn: [{ kind: 'silence', seconds: 2 }], codec: { kind: 'wav', kbps: null }, script: frenchScript('frt-01', 140, 'host'),
    },
    {
      ...base, name: 'frt-02-4min', seconds: 0, host, moderator: 'frf', questioners: [reporter, reporter2], transcript: { kind: 'full' },
      leadIn: [{ kind: 'music', seconds: 10 }], noiseSnrDb: 22, reverb: { reverberance: 60, damping: 40, roomScale: 80, wetDb: -3 },
      codec: { kind: 'aac', kbps: 64 }, script: frenchScript('frt-02', 240, 'moderator'),
    },
    {
      ...base, name: 'frt-03-4min', seconds: 0, host: 'frm', moderator: reporter, questioners: ['frf', reporter2], transcript: { kind: 'partial', fraction: 0.6 },
      leadIn: [{ kind: 'chatter', seconds: 30 }], chatterVoices: ['kal', 'slt', 'us1'], noiseSnrDb: 18, noiseKind: 'babble',
      codec: { kind: 'mp3', kbps: 96 }, script: frenchScript('frt-03', 250, 'host'),
    },
  ], 'french-tuning', 'frt-01-2min');
}

/** The French recordings: short, a clean one first. */
export function frenchSet(): ScenarioSpec[] {
  const jour = voiceVariant('frm', 2, 1.1);
  const jour2 = voiceVariant('frf', -1, 0.9);
  const host2 = voiceVariant('frm', -1, 0.95);
  const base = { set: 'french' as const, seedParagraphs: 0, statementParagraphs: 0, longSilence: 0, language: 'fr' as const, realClipIds: [] };
  const specs: ScenarioSpec[] = [
    {
      ...base, name: 'fr-01-2min', seconds: 0, host: 'frm', moderator: 'frf', questioners: [jour], transcript: { kind: 'full' },
      leadIn: [{ kind: 'silence', seconds: 1 }], codec: { kind: 'wav', kbps: null }, script: frenchScript('fr-01', 120, 'host'),
    },
    {
      ...base, name: 'fr-02-4min', seconds: 0, host: host2, moderator: 'frf', questioners: [jour, jour2], transcript: { kind: 'full' },
      leadIn: [{ kind: 'music', seconds: 15 }], noiseSnrDb: 25, reverb: { reverberance: 50, damping: 50, roomScale: 70, wetDb: -3 },
      codec: { kind: 'aac', kbps: 64 }, script: frenchScript('fr-02', 230, 'moderator'),
    },
    {
      ...base, name: 'fr-03-5min', seconds: 0, host: 'frm', moderator: jour2, questioners: [jour, 'frf'], transcript: { kind: 'partial', fraction: 0.5 },
      leadIn: [{ kind: 'chatter', seconds: 40 }], chatterVoices: ['kal', 'slt', 'us1'], noiseSnrDb: 20, noiseKind: 'babble',
      codec: { kind: 'mp3', kbps: 96 }, script: frenchScript('fr-03', 280, 'host'),
    },
  ];
  return withFrenchConditions(specs, 'french', 'fr-01-2min');
}

function withFrenchConditions(specs: ScenarioSpec[], set: 'french' | 'french-tuning', clean: string): ScenarioSpec[] {
  for (const s of specs) {
    s.conditions = {
      set, language: 'fr', profile: s.name === clean ? 'clean' : 'random',
      minutes: null, speakers: new Set([s.host, s.moderator, ...s.questioners]).size, opening: s.script![0].role === 'moderator' ? 'moderator' : 'host',
      voices: { host: s.host, moderator: s.moderator, questioners: s.questioners }, leadIn: s.leadIn, leadOut: [],
      noise: s.noiseSnrDb ? { kind: s.noiseKind ?? 'room', snrDb: s.noiseSnrDb } : null, reverb: s.reverb ?? null, codec: s.codec,
      transcript: s.transcript, telephoneQuestions: [], realQuestions: [],
    };
  }
  return specs;
}
