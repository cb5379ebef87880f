/**
 * Shapes of the description metadata (`<stem>.metadata.json`). They mirror
 * `schemas/metadata.schema.json` field for field; bump DESCRIPTION_METADATA_SCHEMA_VERSION
 * (and the schema's `schemaVersion` const) on any change a reader could notice.
 *
 * Positions (`start`, `end`) are UTF-16 code-unit offsets into the description string as
 * given (JavaScript string indices), `end` exclusive; `line` is 1-based.
 */

import type { VideoInfo } from './videoInfo.js';

export const DESCRIPTION_METADATA_SCHEMA_VERSION = '1.2.0';

export type DescriptionLinkKind = 'transcript' | 'subscribe' | 'social' | 'website' | 'newsletter' | 'other';

/** Where a link's platform came from: its host, the words around it, the short link's path, or a followed redirect. */
export type DescriptionPlatformSource = 'domain' | 'context' | 'path' | 'resolved';

export interface DescriptionLink {
  /** The link exactly as written. */
  raw: string;
  start: number;
  end: number;
  line: number;
  /** WHATWG-normalized absolute URL; null when the link is unsafe or cannot be parsed. */
  url: string | null;
  /** Scheme without the colon (`https`, `mailto`, `javascript`…). */
  scheme: string;
  /** Host name, lower-case, IDN in punycode; null for mailto/unsafe links. */
  hostname: string | null;
  /** Registrable domain from the public-suffix list (`nato.int`, `bit.ly`), null when none. */
  domain: string | null;
  kind: DescriptionLinkKind;
  /** `YouTube`, `X/Twitter`, `Facebook`… or null when unknown. */
  platform: string | null;
  platformSource: DescriptionPlatformSource | null;
  /** The call-to-action text the link belongs to ("SUBSCRIBE to NATO News"), or null. */
  label: string | null;
  labelSource: 'same-line' | 'previous-line' | 'markdown' | 'after' | null;
  /** The heading of the link's group ("Connect with NATO online"), or null. */
  section: string | null;
  /** A URL shortener (bit.ly…): the target is unknown offline and never fetched unless asked. */
  shortLink: boolean;
  /** False for `javascript:`/`vbscript:`/`data:`/`file:` links: never made clickable, `url` is null. */
  safe: boolean;
  /**
   * Machine-readable doubts: `unsafe-scheme`, `unknown-domain`, `short-link-without-path`, `invisible-characters`,
   * `very-long`, and doubts about the host: `look-alike-domain`, `punycode`, `credentials-in-url`.
   */
  problems: string[];
  /** Target of a short link after an opt-in `resolveDescriptionLinks` run; absent otherwise. */
  resolvedUrl?: string | null;
}

export interface DescriptionHashtag {
  /** As written, with the `#`. */
  raw: string;
  /** Without the `#`, as written. */
  tag: string;
  start: number;
  end: number;
  line: number;
  /** One of the first three distinct hashtags, which YouTube shows above the title (none when there are more than 15). */
  shownAboveTitle: boolean;
}

export interface DescriptionMention {
  raw: string;
  handle: string;
  start: number;
  end: number;
  line: number;
}

export interface DescriptionEmojiLine {
  line: number;
  start: number;
  /** The leading emoji (a whole grapheme sequence, e.g. `🗣` or `👨‍💻`). */
  emoji: string;
  /** The rest of the line, separator (`|`, `-`) removed. */
  text: string;
}

export interface DescriptionSpeaker {
  /** Function or title ("NATO Secretary General", "Moderator"), null when only a name is known. */
  role: string | null;
  name: string | null;
  /** The label line as written, without the colon, when the speaker came from one. */
  label: string | null;
}

export interface DescriptionTranscriptExcerpt {
  /** The excerpt (CRLF → LF, control characters dropped). */
  text: string;
  /** The speaker marker's label ("NATO Secretary General"), null when unlabelled. */
  speakerLabel: string | null;
  /** The "Transcript continues:" URL (normalized), null when the description has none. */
  sourceUrl: string | null;
  startOffset: number;
  endOffset: number;
  wordCount: number;
}

/** A timestamp line already present in the description ("0:00 Intro"). */
export interface DescriptionTimestamp {
  /** Seconds. */
  start: number;
  title: string;
  line: number;
}

export interface DescriptionWarning {
  /** `over-byte-limit`, `angle-brackets`, `too-many-hashtags`, `control-characters`, `unsafe-link`, `suspicious-link`, `broken-link`, `ambiguous-date`. */
  code: string;
  message: string;
  /** Offset into the description, when the warning is about one place. */
  position: number | null;
}

/** One chapter as carried in metadata; other stages may add fields. */
export interface DescriptionMetadataChapter {
  start: number;
  title: string;
  [extra: string]: unknown;
}

export interface DescriptionMetadata {
  schemaVersion: typeof DESCRIPTION_METADATA_SCHEMA_VERSION;
  title: string | null;
  subtitle: string | null;
  /** Prose outside the title, subtitle and transcript excerpt (paragraphs joined by a blank line), null when none. */
  summary: string | null;
  event: string | null;
  /** ISO date `YYYY-MM-DD`. */
  date: string | null;
  /** The date as written ("13 FEB 2025"). */
  dateText: string | null;
  place: string | null;
  speakers: DescriptionSpeaker[];
  transcript: DescriptionTranscriptExcerpt | null;
  links: DescriptionLink[];
  hashtags: DescriptionHashtag[];
  mentions: DescriptionMention[];
  emojiLines: DescriptionEmojiLine[];
  /** Timestamp lines found in the description itself. */
  timestamps: DescriptionTimestamp[];
  length: {
    /** Unicode code points. */
    characters: number;
    utf8Bytes: number;
    lines: number;
  };
  warnings: DescriptionWarning[];
  /** Added by the pipeline (`generate`) or by `describe --chapters`. */
  chapters?: DescriptionMetadataChapter[];
  /** What YouTube says about the video (yt-dlp's info.json), when one was given or found. */
  video?: Omit<VideoInfo, 'description'>;
  /** Caption statistics; defined by the captions stage. */
  captions?: Record<string, unknown>;
  /** Alignment coverage; defined by the align stage. */
  alignment?: Record<string, unknown>;
}
