/**
 * The transcript panel: every word, shaded by confidence, unplaced words marked, grouped by
 * speaker turn and paragraph. Clicking a word (or Enter on the keyboard cursor) seeks to it;
 * while the media plays the current word is highlighted and kept in view.
 */
import type { ReviewData } from '../model/types.js';
import { byId, escapeHtml, formatTime, lastStartingBefore } from './dom.js';
import type { Player } from './player.js';

/** After the reviewer scrolls the panel, it stops following playback for this long. */
const MANUAL_SCROLL_PAUSE_MS = 4000;

export class TranscriptPanel {
  private readonly root: HTMLElement;
  private readonly spans: HTMLElement[] = [];
  /** Placed words sorted by start: their starts and transcript indices. */
  private readonly starts: Float64Array;
  private readonly order: Int32Array;
  private current = -1;
  private cursor = -1;
  private marked: HTMLElement[] = [];
  private follow = true;
  private lastManualScroll = 0;
  private programmaticScroll = false;

  constructor(private readonly data: ReviewData, private readonly player: Player) {
    this.root = byId('transcript');
    this.root.innerHTML = this.render();
    this.root.querySelectorAll<HTMLElement>('.w').forEach((span) => {
      this.spans[Number(span.dataset.i)] = span;
    });
    const placed = data.words.start
      .map((s, i) => ({ s, i }))
      .filter((x): x is { s: number; i: number } => x.s !== null)
      .sort((a, b) => a.s - b.s || a.i - b.i);
    this.starts = Float64Array.from(placed.map((x) => x.s));
    this.order = Int32Array.from(placed.map((x) => x.i));

    this.root.addEventListener('click', (event) => {
      const span = (event.target as HTMLElement).closest<HTMLElement>('.w');
      if (span) this.activate(Number(span.dataset.i));
    });
    this.root.addEventListener('keydown', (event) => this.onKey(event));
    // Tooltips are made when first needed: thousands of title attributes slow the first paint.
    this.root.addEventListener('mouseover', (event) => {
      const span = (event.target as HTMLElement).closest<HTMLElement>('.w');
      if (span && !span.title) span.title = this.describe(Number(span.dataset.i));
    });
    const scroller = byId('transcript-scroll');
    const noteScroll = (): void => {
      if (!this.programmaticScroll) this.lastManualScroll = performance.now();
    };
    scroller.addEventListener('wheel', noteScroll, { passive: true });
    scroller.addEventListener('touchmove', noteScroll, { passive: true });
    const followBox = byId<HTMLInputElement>('follow');
    followBox.addEventListener('change', () => {
      this.follow = followBox.checked;
    });
    player.onTick((t) => this.onTime(t));
  }

  private render(): string {
    const { words, turns } = this.data;
    const threshold = this.data.lowConfidenceThreshold;
    const blocks = turns.length > 0 ? turns : [{ label: null, role: null, firstWord: 0, lastWord: words.text.length - 1 }];
    const out: string[] = [];
    let next = 0;
    const renderWords = (from: number, to: number): void => {
      let paragraph = -1;
      for (let i = from; i <= to; i++) {
        if (words.paragraph[i] !== paragraph) {
          if (paragraph !== -1) out.push('</p>');
          out.push('<p>');
          paragraph = words.paragraph[i];
        }
        const c = words.confidence[i];
        const cls = words.start[i] === null ? 'unplaced' : c < threshold ? 'low' : c < 0.8 ? 'mid' : 'high';
        out.push(`<span class="w ${cls}" data-i="${i}">${escapeHtml(words.text[i])}</span> `);
      }
      if (paragraph !== -1) out.push('</p>');
    };
    for (const turn of blocks) {
      if (turn.firstWord > next) renderWords(next, turn.firstWord - 1);
      const first = this.firstPlaced(turn.firstWord, turn.lastWord);
      const when = first === null ? 'not placed' : formatTime(first, 0);
      out.push(`<section class="turn"><h3><span class="speaker">${escapeHtml(turn.label ?? 'Speaker')}</span> <span class="when">${when}</span></h3>`);
      renderWords(turn.firstWord, Math.min(turn.lastWord, words.text.length - 1));
      out.push('</section>');
      next = turn.lastWord + 1;
    }
    if (next < words.text.length) renderWords(next, words.text.length - 1);
    return out.join('');
  }

  /** "0:35.20 · confidence 0.92", or that the word was not placed. */
  describe(index: number): string {
    const start = this.data.words.start[index];
    return start === null ? 'not placed in the audio' : `${formatTime(start, 2)} · confidence ${this.data.words.confidence[index].toFixed(2)}`;
  }

  private firstPlaced(from: number, to: number): number | null {
    for (let i = from; i <= to; i++) if (this.data.words.start[i] !== null) return this.data.words.start[i];
    return null;
  }

  /** Seek to a word; an unplaced word seeks to where its passage would be. */
  activate(index: number): void {
    this.setCursor(index);
    const start = this.data.words.start[index];
    if (start !== null) {
      this.player.seek(start);
      return;
    }
    let before = 0;
    for (let i = index - 1; i >= 0; i--) {
      const end = this.data.words.end[i];
      if (end !== null) {
        before = end;
        break;
      }
    }
    this.player.seek(before);
    byId('transcript-status').textContent = `"${this.data.words.text[index]}" was not placed in the audio; playing from where its passage would be.`;
  }

  /** Mark a range of words (a review spot) and bring it into view. */
  mark(first: number | null, last: number | null): void {
    for (const span of this.marked) span.classList.remove('in-spot');
    this.marked = [];
    if (first === null || last === null) return;
    for (let i = first; i <= last; i++) {
      const span = this.spans[i];
      if (span) {
        span.classList.add('in-spot');
        this.marked.push(span);
      }
    }
    this.scrollTo(this.spans[first]);
    this.lastManualScroll = performance.now();
  }

  private setCursor(index: number): void {
    this.spans[this.cursor]?.classList.remove('cursor');
    this.cursor = Math.max(0, Math.min(index, this.spans.length - 1));
    const span = this.spans[this.cursor];
    if (!span) return;
    span.classList.add('cursor');
    byId('transcript-status').textContent = `${span.textContent ?? ''}: ${this.describe(this.cursor)}`;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.root || event.ctrlKey || event.metaKey || event.altKey) return;
    const move = (to: number): void => {
      event.preventDefault();
      event.stopPropagation();
      this.setCursor(to);
      this.scrollTo(this.spans[this.cursor]);
    };
    const from = this.cursor >= 0 ? this.cursor : Math.max(0, this.current);
    if (event.key === 'ArrowRight') move(from + 1);
    else if (event.key === 'ArrowLeft') move(from - 1);
    else if (event.key === 'ArrowDown') move(from + 10);
    else if (event.key === 'ArrowUp') move(from - 10);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(this.spans.length - 1);
    else if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      this.activate(from);
    }
  }

  private onTime(time: number): void {
    const k = lastStartingBefore(this.starts, time + 1e-3);
    const index = k >= 0 ? this.order[k] : -1;
    if (index === this.current) return;
    this.spans[this.current]?.classList.remove('playing');
    this.current = index;
    const span = this.spans[index];
    if (!span) return;
    span.classList.add('playing');
    if (this.follow && performance.now() - this.lastManualScroll > MANUAL_SCROLL_PAUSE_MS) this.scrollTo(span, true);
  }

  private scrollTo(span: HTMLElement | undefined, onlyIfHidden = false): void {
    if (!span) return;
    const scroller = byId('transcript-scroll');
    const box = scroller.getBoundingClientRect();
    const r = span.getBoundingClientRect();
    if (onlyIfHidden && r.top >= box.top + 8 && r.bottom <= box.bottom - 8) return;
    this.programmaticScroll = true;
    scroller.scrollTop += r.top - box.top - box.height / 3;
    requestAnimationFrame(() => {
      this.programmaticScroll = false;
    });
  }
}
