// Public API of the text stage (re-exported from src/index.ts).
export {
  parseTranscript,
  locateDescriptionTranscript,
  findStageDirections,
  type ParseTranscriptOptions,
  type DescriptionTranscriptSpan,
  type TranscriptSource,
} from './parse.js';
export {
  spokenForm,
  spokenFormEnglish,
  spokenFormVerbatim,
  isPronounceableAcronym,
  isEnglish,
  type SpokenContext,
} from './spoken.js';
export { cardinalWords, ordinalWords, yearWords, numberWords, digitsToWords } from './numbers.js';
export { guessSpeakerRole, matchSpeakerLabel, type SpeakerRole, type LabelMatch } from './labels.js';
export { endsSentence as endsTranscriptSentence } from './sentences.js';
export {
  readTranscriptFile,
  readTranscriptInputFile,
  decodeTranscriptFile,
  type TranscriptFile,
  decodeTranscriptBytes,
  assertTranscriptIsText,
  assertTranscriptHasLetters,
} from './input.js';
export {
  detectTranscriptLanguage,
  checkTranscriptLanguage,
  languageName,
  languageBase,
  normalizeLanguageTag,
  DETECTABLE_LANGUAGES,
  type LanguageGuess,
} from './language.js';
export { synthesisPunctuation } from './synthesis.js';
export { extractTranscriptFromHtml, htmlFromMhtml, decodeHtmlBytes, type HtmlTranscript } from './html.js';
