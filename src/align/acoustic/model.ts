/**
 * The acoustic models capsync aligns with: the CMU US English and the French PTM models that the
 * `soundswallower` npm package ships (trained on real speech; BSD-style licences). Loaded from
 * node_modules, once per process per language; nothing is downloaded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CapsyncError } from '../../util/errors.js';
import { frontEndParams, type FrontEndParams } from './frontend.js';
import { buildGaussianTables, type GaussianTables } from './gmm.js';
import { Lexicon } from './lexicon.js';
import { readCodebooks, readMixtureWeights, readModelDefinition, readTransitions, type ModelDefinition, type Transitions } from './modelFiles.js';
import { espeakIpa } from './g2p.js';

export type ModelLanguage = 'en' | 'fr';

const MODEL_FOLDERS: Record<ModelLanguage, string> = { en: 'en-us', fr: 'fr-fr' };

export class AcousticModel {
  readonly emittingStates: number;
  readonly silencePhone: number;
  /** CI senones are numbered 0..ciSenones-1 (phone p's state k is `ciSenone(p, k)`). */
  readonly ciSenones: number;
  readonly phoneNames: readonly string[];

  constructor(
    readonly language: ModelLanguage,
    readonly folder: string,
    readonly frontEnd: FrontEndParams,
    readonly definition: ModelDefinition,
    readonly gaussians: GaussianTables,
    readonly transitions: Transitions,
    readonly lexicon: Lexicon,
  ) {
    this.emittingStates = definition.emittingStates;
    this.silencePhone = definition.silence;
    this.ciSenones = definition.ciSenones;
    this.phoneNames = definition.ciPhones;
  }

  ciSenone(phone: number, state: number): number {
    return this.phoneSenone(phone, state);
  }

  /** The senone of state k of phone p, a CI phone or a triphone (an id in the model definition's phone list). */
  phoneSenone(phone: number, state: number): number {
    return this.definition.sequences[this.definition.phoneSequence[phone] * this.emittingStates + state];
  }

  /**
   * The held score column of pause state k: the best filler (silence or noise) senone of that state
   * (see ScoreLayout), right after the model's CI senones.
   */
  pauseSenone(state: number): number {
    return this.ciSenones + state;
  }

  /** [stay, advance] log probabilities of a phone's state (a CI phone or a triphone). */
  transition(phone: number, state: number): [number, number] {
    const t = this.transitions;
    const row = (this.definition.phoneTransition[phone] * t.states + state) * (t.states + 1);
    return [t.logProb[row + state], t.logProb[row + state + 1]];
  }

  /** Phones that are speech (not silence or noise fillers). */
  isSpeechPhone(phone: number): boolean {
    return !this.definition.filler[phone];
  }
}

/** Which model serves a language tag (`en`, `en-GB`, `fr_FR` …), or null when there is none. */
export function modelLanguageFor(language: string): ModelLanguage | null {
  const primary = language.toLowerCase().split(/[-_]/)[0];
  if (primary === 'en' || primary === 'eng') return 'en';
  if (primary === 'fr' || primary === 'fra' || primary === 'fre') return 'fr';
  return null;
}

const loaded = new Map<ModelLanguage, AcousticModel>();

export function modelFolder(language: ModelLanguage): string {
  // The package's exports do not list package.json; its main module sits at the package's top.
  const entry = fileURLToPath(import.meta.resolve('soundswallower'));
  return join(dirname(entry), 'model', MODEL_FOLDERS[language]);
}

export async function loadAcousticModel(language: ModelLanguage): Promise<AcousticModel> {
  const cached = loaded.get(language);
  if (cached) return cached;
  const folder = modelFolder(language);
  let model: AcousticModel;
  try {
    const file = (name: string) => readFileSync(join(folder, name));
    const definition = readModelDefinition(file('mdef'));
    const means = readCodebooks(file('means'), 'means');
    const variances = readCodebooks(file('variances'), 'variances');
    const weights = readMixtureWeights(file('sendump'), definition.senones, means.streams, means.densities);
    const gaussians = buildGaussianTables(definition, means, variances, weights);
    const transitions = readTransitions(file('transition_matrices'));
    const frontEnd = frontEndParams(JSON.parse(file('feat_params.json').toString('utf8')) as Record<string, unknown>);
    const ipa = await espeakIpa(language);
    const lexicon = new Lexicon(language, file('dict.txt').toString('utf8'), definition.ciPhones, ipa);
    model = new AcousticModel(language, folder, frontEnd, definition, gaussians, transitions, lexicon);
  } catch (error) {
    throw new CapsyncError('INTERNAL', `the ${MODEL_FOLDERS[language]} acoustic model could not be loaded from ${folder}: ${(error as Error).message}`);
  }
  loaded.set(language, model);
  return model;
}
