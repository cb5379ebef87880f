/**
 * Speech with no text: stretches of at least 2 s of speech-like sound where no transcript word was
 * placed (a question the transcript leaves out, remarks off the record). Speech-like means sound
 * above the recording's noise floor with voicing every few syllables (speech.ts): silence, room
 * tone and applause are not. Of that, two kinds are not a talker's speech:
 * - music: a spectrum that changes slowly. Speech moves from phone to phone every few tens of
 *   milliseconds, so its cepstrum keeps changing; notes and chords hold theirs between onsets
 *   (spectral change is a classic speech/music cue: Scheirer & Slaney 1997, spectral flux). Without
 *   the spectral change, sound voiced almost throughout is taken for music (a talker stops voicing
 *   at every unvoiced consonant, a held note does not), but a beat breaks the voicing.
 * - background: murmur or babble well below the level of the placed words.
 */
import type { TimedWord, TimeSpan } from '../types.js';
import { framePeriodicity } from './periodicity.js';
import { aroundSound, percentile, speechMask } from './speech.js';

const HOP_SECONDS = 0.01;
/** Shortest stretch reported. */
const MIN_SECONDS = 2;
/** Periodicity above which a frame counts as voiced (as in speech.ts). */
const VOICED = 0.5;
/** A stretch voiced in more than this share of its sound frames is music. */
const MUSIC_VOICED_SHARE = 0.9;
/**
 * Sound whose mean spectral change (spectralChange below) over its sound frames within
 * MUSIC_WINDOW_FRAMES either side is below this is music: judged around each frame, not over a
 * whole stretch, because music often runs on from chatter without a pause. On the tuning set's
 * truth spans: music 21.9–26.1, applause about 28, speech (read, chatter, questions, in noise and
 * reverberation) 30.2 and up (bench/untexted.ts).
 */
const MUSIC_MAX_SPECTRAL_CHANGE = 28;
/** Half-width of the window judged for spectral change: 1 s, a few notes or a few words. */
const MUSIC_WINDOW_FRAMES = 100;

/**
 * A stretch whose loud frames (90th percentile of its sound frames' energy) stay more than this
 * many dB below the placed words' median frame energy is background (murmur, babble, room noise),
 * not a talker at a microphone. On the tuning set's truth spans (levels of the loud frames against
 * the words' median): untranscribed questions +3.7 dB and up (10th percentile), chatter −3.0, a
 * partial text's tail −5.0; room tone with noise −8.5 and below (but one −2.8, babble 11 dB below
 * the speech) (bench/untexted.ts).
 */
const BACKGROUND_BELOW_SPEECH_DB = 6;

/** Cepstral coefficients per stream in the acoustic model's observation vectors (c, Δc, ΔΔc). */
const CEPSTRA = 13;

/**
 * How fast the spectrum changes at each 10 ms frame: the length of the frame's delta-cepstrum
 * vector (Δc1…Δc12, the level's Δc0 left out) in the acoustic model's observation vectors
 * (39 values per frame: c, Δc, ΔΔc).
 */
export function spectralChange(observations: Float32Array, frames: number): Float32Array {
  const dims = 3 * CEPSTRA;
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let k = CEPSTRA + 1; k < 2 * CEPSTRA; k++) sum += observations[f * dims + k] ** 2;
    out[f] = Math.sqrt(sum);
  }
  return out;
}

/**
 * What the audio alone says about each 10 ms frame, all that speechWithoutText needs of it: taken
 * before the alignment, so that the recording's samples need not be held while it runs.
 */
export interface SoundEvidence {
  /** Each frame's energy, dB. */
  energyDb: Float32Array;
  /** Each frame's periodicity, 0–1 (periodicity.ts). */
  periodicity: Float32Array;
  /** Speech-like sound frames (1), music left out when the spectral change told it apart. */
  talk: Uint8Array;
  /** Whether the spectral change told music apart; if not, the voicing cue does, stretch by stretch. */
  musicByChange: boolean;
}

/**
 * `change`: spectralChange of the same recording, one value per 10 ms frame; without it only the
 * voicing cue tells music from speech.
 */
export function soundEvidence(samples: Int16Array, sampleRate: number, change?: Float32Array): SoundEvidence {
  const hop = Math.round(HOP_SECONDS * sampleRate);
  const frames = Math.floor(samples.length / hop);
  const energyDb = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) sum += samples[i] * samples[i];
    energyDb[f] = 10 * Math.log10(sum / hop + 1);
  }
  const periodicity = framePeriodicity(samples, sampleRate, frames, HOP_SECONDS);
  const mask = speechMask(energyDb, HOP_SECONDS, periodicity);
  // Sound that is speech-like and not music; with the spectral change at hand it decides alone (a
  // held note changes slowly too, and some voices are voiced through nearly every frame).
  const talk = change ? withoutMusic(mask.speech, change) : mask.speech;
  return { energyDb, periodicity, talk, musicByChange: change !== undefined };
}

/** Stretches of speech-like sound (`sound`, see soundEvidence) that no placed word covers. */
export function speechWithoutText(sound: SoundEvidence, words: readonly TimedWord[]): TimeSpan[] {
  const { energyDb, periodicity, talk } = sound;
  const frames = talk.length;
  const covered = new Uint8Array(frames);
  // The talkers' level: the median energy of the frames inside placed words.
  const inWords: number[] = [];
  for (const w of words) {
    if (w.start === null || w.end === null) continue;
    const first = Math.max(0, Math.floor(w.start / HOP_SECONDS));
    const end = Math.min(frames, Math.ceil(w.end / HOP_SECONDS));
    covered.fill(1, Math.max(0, first - 50), Math.min(frames, end + 50));
    for (let f = first; f < end; f++) inWords.push(energyDb[f]);
  }
  const speechLevelDb = inWords.length ? percentile(inWords, 0.5) : null;
  const spans: TimeSpan[] = [];
  let start = -1;
  let soundEnergies: number[] = [];
  let speech = 0;
  let voiced = 0;
  const close = (end: number) => {
    // Without the spectral change, the voicing cue.
    const music = !sound.musicByChange && voiced / speech > MUSIC_VOICED_SHARE;
    const background = speechLevelDb !== null && soundEnergies.length > 0 && percentile(soundEnergies, 0.9) < speechLevelDb - BACKGROUND_BELOW_SPEECH_DB;
    if (speech * HOP_SECONDS >= MIN_SECONDS && !music && !background) {
      spans.push({ start: Math.round(start * HOP_SECONDS * 1000) / 1000, end: Math.round(end * HOP_SECONDS * 1000) / 1000 });
    }
    start = -1;
  };
  for (let f = 0; f < frames; f++) {
    if (covered[f]) {
      if (start >= 0) close(f);
      continue;
    }
    if (talk[f]) {
      if (start < 0) {
        start = f;
        speech = 0;
        voiced = 0;
        soundEnergies = [];
      }
      speech++;
      soundEnergies.push(energyDb[f]);
      if (periodicity[f] >= VOICED) voiced++;
    } else if (start >= 0) {
      // A pause (or music) longer than a second ends the stretch.
      let g = f;
      while (g < frames && !talk[g] && !covered[g] && g - f < 100) g++;
      if (g - f >= 100 || g >= frames || covered[g]) close(f);
    }
  }
  if (start >= 0) close(frames);
  return spans;
}

/** The sound frames of `sound` less those in music (see MUSIC_MAX_SPECTRAL_CHANGE). */
function withoutMusic(sound: Uint8Array, change: Float32Array): Uint8Array {
  const { sum, count } = aroundSound(sound, (f) => change[Math.min(f, change.length - 1)], MUSIC_WINDOW_FRAMES);
  const out = new Uint8Array(sound.length);
  for (let f = 0; f < sound.length; f++) if (sound[f] && sum[f] / count[f] >= MUSIC_MAX_SPECTRAL_CHANGE) out[f] = 1;
  return out;
}
