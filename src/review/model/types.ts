/**
 * The data a review page carries (embedded as JSON, read by the page's script) and the state
 * a reviewer edits. Shared by the Node side that builds the page and the browser side that
 * runs it, so both agree on one shape. All times are seconds from the start of the media.
 */
import type { RuleLimits } from '../../captions/rules.js';

export interface ReviewCue {
  /** Stable within one page and its saved edits ("c12"). */
  id: string;
  start: number;
  end: number;
  /** Display lines as a viewer reads them (markup removed). */
  lines: string[];
  /** WebVTT voice name when the captions use `<v Name>` spans, else null. */
  speaker: string | null;
}

export interface ReviewChapter {
  id: string;
  start: number;
  title: string;
}

export type SpotKind = 'not-found' | 'low-confidence' | 'chapters' | 'speech-without-text' | 'weak-words' | 'note';

/** One doubtful spot of the review queue. */
export interface ReviewSpot {
  /** `<kind>:<n>`, stable for one page (the reviewer's ticks are saved by it). */
  id: string;
  kind: SpotKind;
  /** Position of the item in its report.json list (notFound, lowConfidence, speechWithoutText, warnings); null for spots derived from words.json. */
  reportIndex: number | null;
  /** Where to listen: a placed stretch, or for a passage not found, the gap where it belongs. Null for a note with no time. */
  start: number | null;
  end: number | null;
  firstWord: number | null;
  lastWord: number | null;
  /** One line: what is doubtful ("Not found in the audio: 21 words"). */
  title: string;
  /** The passage, or the report's own words. */
  text: string;
  /** Higher first. */
  importance: number;
  /** Extra fields the report gave this item that the page does not know (a newer report), shown as they are. */
  extra: string | null;
}

export interface ReviewWords {
  text: string[];
  start: Array<number | null>;
  end: Array<number | null>;
  confidence: number[];
  paragraph: number[];
  turn: number[];
}

export interface ReviewTurn {
  label: string | null;
  role: string | null;
  firstWord: number;
  lastWord: number;
}

export interface ReviewSpans {
  covered: Array<{ start: number; end: number }>;
  notFound: Array<{ start: number; end: number }>;
  speechWithoutText: Array<{ start: number; end: number }>;
  lowConfidence: Array<{ start: number; end: number }>;
}

export interface ReviewData {
  version: 1;
  stem: string;
  title: string;
  media: {
    /** Relative URL from the page's folder to the media. */
    href: string;
    /** The file name, for messages and the "find the media" fallback. */
    name: string;
    kind: 'video' | 'audio';
  };
  duration: number;
  language: string;
  coverageNote: string;
  lowConfidenceThreshold: number;
  /** The caption rules the captions were made with (metadata.json), used to check edits. */
  limits: RuleLimits;
  minChapterSeconds: number;
  /** The captions carry WebVTT `<v Name>` voice spans; exports keep them. */
  voiceSpans: boolean;
  envelope: {
    binSeconds: number;
    floorDb: number;
    /** Base64 of one byte per bin. */
    levels: string;
  } | null;
  words: ReviewWords;
  turns: ReviewTurn[];
  cues: ReviewCue[];
  chapters: ReviewChapter[];
  spans: ReviewSpans;
  spots: ReviewSpot[];
  /** Hash of the captions, chapters and words the page was made from: saved edits apply only to the same outputs. */
  fingerprint: string;
  /** Notes for the reviewer from building the page (e.g. report fields that could not be read). */
  notes: string[];
}

/** What the reviewer changes; the page saves it in local storage. */
export interface EditState {
  cues: ReviewCue[];
  chapters: ReviewChapter[];
  /** Next free number for new ids. */
  nextId: number;
}
