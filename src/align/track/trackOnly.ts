/**
 * No transcript: make one from the track itself, so the pipeline can parse it like any
 * transcript and caption it. Auto-captions are lower-case and unpunctuated, so sentences are
 * guessed from pauses (the only cue an ASR track reliably has) and speaker changes; "i" is
 * capitalized; a track that already has case and punctuation keeps them.
 */
import type { TimingTrack, TrackWord } from './types.js';

export interface TrackOnlyOptions {
  /** Pause (s) that ends a sentence in an unpunctuated track (default 0.8). */
  sentencePause?: number;
  /** Pause (s) that starts a new paragraph (default 3). */
  paragraphPause?: number;
}

export interface TrackOnlyText {
  /** Transcript text: sentences with capitals and full stops, paragraphs separated by a blank line. */
  transcriptText: string;
  /** The cleaned track words, in the order their text appears in `transcriptText`. */
  words: TrackWord[];
}

const key = (w: TrackWord): string => w.text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');

/** Remove words a track repeats: the same word at the same time, and rolled-over runs of ≥ 4 words. */
export function dedupeTrackWords(input: TrackWord[]): TrackWord[] {
  const sorted = input
    .filter((w) => Number.isFinite(w.start) && /[\p{L}\p{N}]/u.test(w.text) && !/^\[.*\]$/.test(w.text))
    .map((w, n) => ({ w, n }))
    .sort((a, b) => a.w.start - b.w.start || a.n - b.n)
    .map((x) => x.w);
  const kept: TrackWord[] = [];
  for (let n = 0; n < sorted.length; n++) {
    const w = sorted[n];
    const k = key(w);
    let dup = false;
    for (let b = kept.length - 1; b >= Math.max(0, kept.length - 20) && !dup; b--) {
      dup = key(kept[b]) === k && Math.abs(kept[b].start - w.start) < 0.25;
    }
    if (dup) continue;
    // A rolled-over run: the next m words repeat the last m kept words shortly after them.
    let skip = 0;
    for (let m = Math.min(kept.length, sorted.length - n, 30); m >= 4 && !skip; m--) {
      let same = sorted[n + m - 1].start - kept[kept.length - m].start < 10;
      for (let t = 0; t < m && same; t++) same = key(kept[kept.length - m + t]) === key(sorted[n + t]);
      if (same) skip = m;
    }
    if (skip) {
      n += skip - 1;
      continue;
    }
    kept.push(w);
  }
  return kept;
}

export function wordsFromTrackOnly(track: TrackWord[] | TimingTrack, options: TrackOnlyOptions = {}): TrackOnlyText {
  const sentencePause = options.sentencePause ?? 0.8;
  const paragraphPause = options.paragraphPause ?? 3;
  const words = dedupeTrackWords(Array.isArray(track) ? track : track.words);
  if (!words.length) return { transcriptText: '', words };

  const withCase = words.filter((w) => /\p{Lu}/u.test(w.text)).length;
  const withStop = words.filter((w) => /[.?!]["')\]]*$/.test(w.text)).length;
  // A track with its own casing and punctuation (manual captions, whisper) is trusted as written.
  const punctuated = withCase >= 0.05 * words.length && withStop >= 0.02 * words.length;

  const paragraphs: string[][] = [[]];
  let sentenceStart = true;
  words.forEach((w, n) => {
    const next = words[n + 1];
    const pause = next ? next.start - w.end : Infinity;
    const newParagraph = !next || pause >= paragraphPause || next.speakerChange === true;
    let text = w.text;
    if (!punctuated) text = text.toLowerCase();
    text = text.replace(/^i(?=$|'(?:m|ve|ll|d)\b)/i, 'I');
    if (sentenceStart) text = capitalize(text);
    const endsSentence = /[.?!]["')\]]*$/.test(text);
    let sentenceEnds = endsSentence;
    if (!punctuated && (pause >= sentencePause || newParagraph)) {
      if (!endsSentence) text = `${text.replace(/[,;:]+$/, '')}.`;
      sentenceEnds = true;
    }
    if (punctuated && newParagraph && !endsSentence && !next) text = `${text}.`;
    paragraphs[paragraphs.length - 1].push(text);
    sentenceStart = sentenceEnds;
    if (newParagraph && next) {
      paragraphs.push([]);
      // A new speaker starts a new sentence even in a punctuated track.
      sentenceStart = sentenceStart || next.speakerChange === true;
    }
  });
  const transcriptText = paragraphs.filter((p) => p.length).map((p) => p.join(' ')).join('\n\n') + '\n';
  return { transcriptText, words };
}

function capitalize(text: string): string {
  return text.replace(/\p{L}/u, (c) => c.toUpperCase());
}
