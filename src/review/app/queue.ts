/**
 * The review queue: every doubtful spot, most important first (or in time order), one at a
 * time. Going to a spot plays it (from a second before to half a second after) and marks its
 * words; n/p step through, r replays, m ticks it as reviewed.
 */
import type { ReviewData, ReviewSpot, SpotKind } from '../model/types.js';
import { byId, formatTime, h } from './dom.js';
import type { Player } from './player.js';
import type { Store } from './store.js';

/** Heard before a spot starts and after it ends, seconds: enough context to judge it. */
const PREROLL_SECONDS = 1;
const POSTROLL_SECONDS = 0.5;

export const KIND_LABELS: Readonly<Record<SpotKind, string>> = {
  'not-found': 'not found',
  'low-confidence': 'low confidence',
  chapters: 'chapters',
  'speech-without-text': 'no text',
  'weak-words': 'weak word',
  note: 'note',
};

export class Queue {
  private order: ReviewSpot[];
  private index = -1;
  private readonly list: HTMLOListElement;
  private listeners: Array<(spot: ReviewSpot | null) => void> = [];

  constructor(private readonly data: ReviewData, private readonly player: Player, private readonly store: Store) {
    this.list = byId<HTMLOListElement>('queue-list');
    this.order = data.spots.slice();
    byId<HTMLSelectElement>('queue-order').addEventListener('change', (event) => {
      const byTime = (event.target as HTMLSelectElement).value === 'time';
      const current = this.current;
      this.order = byTime
        ? data.spots.slice().sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || b.importance - a.importance)
        : data.spots.slice();
      this.index = current ? this.order.indexOf(current) : -1;
      this.render();
    });
    byId('queue-next').addEventListener('click', () => this.step(1));
    byId('queue-prev').addEventListener('click', () => this.step(-1));
    this.list.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const item = target.closest<HTMLElement>('[data-spot]');
      if (!item) return;
      const i = this.order.findIndex((s) => s.id === item.dataset.spot);
      if (target.closest('.tick')) this.store.toggleReviewed(this.order[i].id);
      else this.go(i);
    });
    store.on('reviewed', () => this.render());
    this.render();
  }

  get current(): ReviewSpot | null {
    return this.order[this.index] ?? null;
  }

  onSelect(listener: (spot: ReviewSpot | null) => void): void {
    this.listeners.push(listener);
  }

  step(direction: 1 | -1): void {
    if (this.order.length === 0) return;
    const next = this.index < 0 ? (direction > 0 ? 0 : this.order.length - 1) : (this.index + direction + this.order.length) % this.order.length;
    this.go(next);
  }

  go(index: number): void {
    this.index = index;
    const spot = this.current;
    this.render();
    if (!spot) return;
    this.replay();
    for (const listener of this.listeners) listener(spot);
    this.list.querySelector<HTMLElement>(`[data-spot="${CSS.escape(spot.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }

  replay(): void {
    const spot = this.current;
    if (!spot || spot.start === null || spot.end === null) return;
    const play = byId<HTMLInputElement>('queue-autoplay').checked;
    this.player.playSpan(Math.max(0, spot.start - PREROLL_SECONDS), spot.end + POSTROLL_SECONDS, play);
  }

  toggleReviewed(): void {
    const spot = this.current;
    if (spot) this.store.toggleReviewed(spot.id);
  }

  private render(): void {
    const reviewed = this.order.filter((s) => this.store.reviewed.has(s.id)).length;
    byId('queue-count').textContent = String(this.order.length);
    byId('queue-progress').textContent =
      this.order.length === 0
        ? 'Nothing doubtful in the report.'
        : `${this.index >= 0 ? `Spot ${this.index + 1} of ${this.order.length}` : `${this.order.length} spots`} · ${reviewed} reviewed`;
    const items = this.order.map((spot, i) => {
      const done = this.store.reviewed.has(spot.id);
      const when = spot.start === null ? 'no time' : `${formatTime(spot.start, 0)}`;
      const text = spot.text.length > 220 && i !== this.index ? `${spot.text.slice(0, 200)}…` : spot.text;
      return h(
        'li',
        { class: `spot kind-${spot.kind}${i === this.index ? ' selected' : ''}${done ? ' done' : ''}`, 'data-spot': spot.id, 'aria-current': i === this.index ? 'true' : null },
        h('button', { type: 'button', class: 'spot-go', 'aria-label': `${KIND_LABELS[spot.kind]} at ${when}: ${spot.title}` },
          h('span', { class: 'badge', text: KIND_LABELS[spot.kind] }),
          h('span', { class: 'when', text: when }),
          h('span', { class: 'title', text: spot.title }),
          h('span', { class: 'text', text }),
          spot.extra ? h('span', { class: 'extra', text: spot.extra }) : null,
        ),
        h('button', { type: 'button', class: 'tick', 'aria-pressed': done ? 'true' : 'false', title: 'Mark as reviewed (m)', text: done ? '✓ reviewed' : 'mark reviewed' }),
      );
    });
    this.list.replaceChildren(...items);
  }
}
