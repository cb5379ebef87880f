/**
 * YouTube's XML timed-text formats. srv3 (`<timedtext format="3">`): paragraphs
 * `<p t=ms d=ms>` holding word segments `<s t=offsetMs>word</s>` in auto-captions, or plain
 * text in manual ones. srv1 (`<transcript><text start=s dur=s>`): cue text only.
 * The grammar is tiny and flat, so a few regular expressions read it without an XML library.
 */
import { CapsyncError } from '../../../util/errors.js';
import type { TimingTrack, TrackWord } from '../types.js';
import { finalizeWords, spreadWords, wordsOfText, type RawWord } from './words.js';

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function readSrv3(content: string, label: string): TimingTrack {
  const words: TrackWord[] = [];
  let wordTimed = 0;
  let cueIndex = 0;
  let pending = false;
  for (const m of content.matchAll(/<p\b([^>]*?)(?:\/>|>([\s\S]*?)<\/p>)/g)) {
    const a = attrs(m[1]);
    const t = num(a.t);
    const d = num(a.d) ?? 0;
    const body = m[2] ?? '';
    if (t === null) throw new CapsyncError('TRACK_UNREADABLE', `${label}: srv3 paragraph without a time (t="…").`);
    const segs = [...body.matchAll(/<s\b([^>]*)>([\s\S]*?)<\/s>/g)];
    const start = t / 1000;
    const end = (t + d) / 1000;
    if (segs.length) {
      const parts = segs.map((s) => ({ at: start + (num(attrs(s[1]).t) ?? 0) / 1000, words: wordsOfText(s[2]), text: s[2] }));
      // A segment of only ">>" flags the next word as a new speaker's.
      for (const p of parts) {
        if (!p.words.length) pending ||= /&gt;&gt;|>>/.test(p.text);
        else if (pending) {
          p.words[0].speakerChange = true;
          pending = false;
        }
      }
      const filled = parts.filter((p) => p.words.length);
      filled.forEach((p, k) => {
        const pEnd = k + 1 < filled.length ? filled[k + 1].at : end;
        words.push(...timedSegment(p.words, p.at, Math.max(p.at, pEnd), cueIndex));
        wordTimed += p.words.length;
      });
    } else {
      const raw = wordsOfText(body.replace(/<br\s*\/?>/g, '\n'));
      if (!raw.length) continue;
      if (pending) raw[0].speakerChange = true;
      pending = false;
      words.push(...spreadWords(raw, start, Math.max(start, end), cueIndex));
    }
    cueIndex++;
  }
  if (!words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the srv3 track has no timed words.`);
  const precision = wordTimed >= words.length / 2 ? 'word' : 'cue';
  return { format: 'srv3', precision, words: finalizeWords(words, precision === 'word') };
}

/** One word per segment normally; a segment of several words shares its time. */
function timedSegment(raw: RawWord[], start: number, end: number, cue: number): TrackWord[] {
  if (raw.length === 1) {
    const w: TrackWord = { text: raw[0].text, start, end, cue };
    if (raw[0].speakerChange) w.speakerChange = true;
    return [w];
  }
  return spreadWords(raw, start, end, cue);
}

/** srv1 (`<text start="1.2" dur="2.5">`) and srv2 (`<text t="1200" d="2500">`). */
export function readSrv1(content: string, label: string): TimingTrack {
  const words: TrackWord[] = [];
  let cueIndex = 0;
  for (const m of content.matchAll(/<text\b([^>]*?)(?:\/>|>([\s\S]*?)<\/text>)/g)) {
    const a = attrs(m[1]);
    const start = num(a.start) ?? ((num(a.t) ?? NaN) / 1000);
    const dur = num(a.dur) ?? ((num(a.d) ?? 0) / 1000);
    if (!Number.isFinite(start)) throw new CapsyncError('TRACK_UNREADABLE', `${label}: caption text without a start time.`);
    // srv1 double-escapes: the text itself holds entities such as &amp;#39;.
    const raw = wordsOfText((m[2] ?? '').replace(/&amp;/g, '&'));
    if (!raw.length) continue;
    words.push(...spreadWords(raw, start, start + Math.max(0, dur), cueIndex++));
  }
  if (!words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the timed-text track has no timed words.`);
  return { format: 'srv1', precision: 'cue', words: finalizeWords(words, false) };
}
