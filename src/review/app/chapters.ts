/** The chapters panel: rename, move, add and remove chapters; YouTube's rules are checked live. */
import { addChapter, moveChapter, removeChapter, renameChapter } from '../model/edits.js';
import type { ReviewData } from '../model/types.js';
import { byId, formatClock, h, parseTime } from './dom.js';
import type { Player } from './player.js';
import type { Store } from './store.js';

export class ChaptersPanel {
  private readonly list = byId<HTMLOListElement>('chapter-list');

  constructor(private readonly data: ReviewData, private readonly player: Player, private readonly store: Store) {
    byId('chapter-add').addEventListener('click', () => {
      let created: string | null = null;
      this.error(
        store.apply((s) => {
          const result = addChapter(s, Math.floor(player.time), 'New chapter', data.duration);
          created = result.id;
          return result.state;
        }),
      );
      if (created) this.list.querySelector<HTMLInputElement>(`[data-chapter="${created}"] input.title`)?.select();
    });
    this.list.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      const id = input.closest<HTMLElement>('[data-chapter]')?.dataset.chapter;
      if (!id) return;
      if (input.classList.contains('title')) this.error(store.apply((s) => renameChapter(s, id, input.value)));
      else if (input.classList.contains('time')) {
        const t = parseTime(input.value);
        this.error(t === null ? 'Type a chapter time such as 1:05' : store.apply((s) => moveChapter(s, id, t, data.duration)));
        this.render();
      }
    });
    this.list.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
      const id = button?.closest<HTMLElement>('[data-chapter]')?.dataset.chapter;
      if (!button || !id) return;
      const chapter = store.state.chapters.find((c) => c.id === id);
      if (button.classList.contains('remove')) this.error(store.apply((s) => removeChapter(s, id)));
      else if (button.classList.contains('here')) this.error(store.apply((s) => moveChapter(s, id, Math.floor(player.time), data.duration)));
      else if (button.classList.contains('go') && chapter) player.seek(chapter.start);
    });
    store.on('edit', () => this.render());
    this.render();
  }

  setProblems(problems: readonly string[]): void {
    byId('chapter-problems').replaceChildren(...problems.map((p) => h('li', { text: p })));
    byId('chapter-ok').hidden = problems.length > 0;
  }

  private error(message: string | null): void {
    byId('chapter-error').textContent = message ?? '';
  }

  private render(): void {
    // Keep the field being typed in: re-render only what is not focused.
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement && this.list.contains(focused) && focused.classList.contains('title')) return;
    const rows = this.store.state.chapters.map((chapter, i) =>
      h('li', { 'data-chapter': chapter.id },
        h('button', { type: 'button', class: 'go', title: 'Play from this chapter', 'aria-label': `Play chapter ${i + 1}` }, '▶'),
        h('label', { class: 'sr-only', for: `chapter-time-${chapter.id}`, text: `Chapter ${i + 1} start` }),
        h('input', { id: `chapter-time-${chapter.id}`, class: 'time', value: formatClock(chapter.start), size: 7, inputmode: 'decimal' }),
        h('label', { class: 'sr-only', for: `chapter-title-${chapter.id}`, text: `Chapter ${i + 1} title` }),
        h('input', { id: `chapter-title-${chapter.id}`, class: 'title', value: chapter.title }),
        h('button', { type: 'button', class: 'here', title: 'Move this chapter to the playhead' }, 'To playhead'),
        h('button', { type: 'button', class: 'remove', title: 'Remove this chapter' }, 'Remove'),
      ),
    );
    this.list.replaceChildren(...rows);
  }
}
