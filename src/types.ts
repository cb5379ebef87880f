/**
 * Data shapes shared by every pipeline stage. Stages depend on these types only,
 * never on each other's internals, so each stage can be tested on its own.
 * All times are in seconds from the start of the media.
 */

/** One word of the official transcript, in transcript order. */
export interface TranscriptWord {
  /** Position in transcript order (0-based, dense). */
  index: number;
  /** The word exactly as written, with attached punctuation: `"Ukraine."`, `"2%"`, `"US"`. */
  text: string;
  /**
   * What a speaker says for it, lower-case words separated by spaces, used to build the
   * synthetic reference: `"two percent"`, `"seven hundred"`, `"u s"`. Empty when the token
   * is not spoken at all (a lone dash, a bullet).
   */
  spoken: string;
  /** Paragraph index (0-based) in the transcript. */
  paragraph: number;
  /** Sentence index (0-based, global across the transcript). */
  sentence: number;
  /** Speaker turn index (0-based); a new label line starts a new turn. */
  turn: number;
  /** Character offsets of `text` in the transcript source. */
  charStart: number;
  charEnd: number;
}

/** A run of words said by one speaker, from a label line like "Moderator:" or "Q:". */
export interface SpeakerTurn {
  index: number;
  /** The label as written without the colon ("NATO Secretary General"), or null when unlabelled. */
  label: string | null;
  /** Normalized role guess from the label. */
  role: 'host' | 'moderator' | 'question' | 'answer' | 'other' | null;
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
}

export interface Paragraph {
  index: number;
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
}

/** A transcript parsed into words, speaker turns and paragraphs. */
export interface Transcript {
  words: TranscriptWord[];
  turns: SpeakerTurn[];
  paragraphs: Paragraph[];
  /** BCP-47-ish language tag the text is in (`en`). */
  language: string;
  /** Where the text came from: a plain transcript, a labelled nato.int transcript, or a YouTube description. */
  source: 'plain' | 'labelled' | 'description';
  /** For a description, the URL given after "Transcript continues:", when present. */
  continuesAt?: string | null;
}

/** How a word's time was obtained. */
export type TimingSource = 'audio' | 'track' | 'audio+track' | 'interpolated';

/** A transcript word with its time in the media. */
export interface TimedWord {
  index: number;
  text: string;
  /** Onset in seconds, or null when the word could not be placed. */
  start: number | null;
  /** Offset in seconds, or null when the word could not be placed. */
  end: number | null;
  /** 0..1, from the alignment itself; 0 for unplaced words. */
  confidence: number;
  sentence: number;
  paragraph: number;
  turn: number;
  source: TimingSource | null;
}

/** One caption cue. */
export interface Cue {
  start: number;
  end: number;
  /** One or two display lines, already broken. */
  lines: string[];
  /** Speaker label when this cue starts a new speaker turn, else null. */
  speakerChange: string | null;
  /**
   * Label of the speaker turn the cue belongs to, on every cue of the turn (null when the turn
   * is unlabelled); lets a writer add a WebVTT voice span to each cue. Set by buildCues.
   */
  speaker?: string | null;
  /** Transcript word indices covered (inclusive). */
  firstWord: number;
  lastWord: number;
  /** Mean confidence of its words. */
  confidence: number;
}

/** One chapter: a YouTube description line and a WebVTT chapters cue. */
export interface Chapter {
  start: number;
  end: number;
  title: string;
  /** Transcript word range the chapter covers (inclusive), null for a chapter with no transcript text. */
  firstWord: number | null;
  lastWord: number | null;
  kind: 'intro' | 'statement' | 'question' | 'uncovered' | 'user';
}

/** A span of the media, in seconds. */
export interface TimeSpan {
  start: number;
  end: number;
}
