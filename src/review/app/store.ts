/**
 * The page's edit state with undo/redo, saved to local storage after every change so edits
 * survive a reload. Saved edits are keyed by the stem and the outputs' fingerprint: edits made
 * on other captions (the outputs were generated again) are never applied to these, and pages
 * of two recordings never overwrite each other's edits.
 */
import { countChanges, EditError } from '../model/edits.js';
import type { EditState } from '../model/types.js';

const UNDO_LIMIT = 200;
const STORAGE_VERSION = 1;

interface Saved {
  version: number;
  fingerprint: string;
  savedAt: string;
  state: EditState;
  reviewed: string[];
}

export type StoreEvent = 'edit' | 'reviewed';

export class Store {
  readonly original: EditState;
  state: EditState;
  reviewed = new Set<string>();
  /** Set when saved edits were found and applied at start. */
  restoredFrom: string | null = null;
  storageProblem: string | null = null;
  private undoStack: EditState[] = [];
  private redoStack: EditState[] = [];
  private listeners = new Map<StoreEvent, Array<() => void>>();
  private readonly key: string;

  constructor(original: EditState, private readonly stem: string, private readonly fingerprint: string) {
    this.original = original;
    this.state = original;
    this.key = `capsync-review:${stem}:${fingerprint}`;
    this.load();
  }

  on(event: StoreEvent, listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }

  /** Apply an edit; returns the EditError's message when it was refused, else null. */
  apply(edit: (state: EditState) => EditState): string | null {
    let next: EditState;
    try {
      next = edit(this.state);
    } catch (error) {
      if (error instanceof EditError) return error.message;
      throw error;
    }
    if (next === this.state) return null;
    this.undoStack.push(this.state);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.state = next;
    this.changed();
    return null;
  }

  /** Replace the state without a new undo step (typing into one cue's text box is one step). */
  amend(edit: (state: EditState) => EditState): void {
    this.state = edit(this.state);
    this.changed();
  }

  /** Start a new undo step that `amend` calls will then extend. */
  checkpoint(): void {
    this.undoStack.push(this.state);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.redoStack = [];
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  undo(): boolean {
    const previous = this.undoStack.pop();
    if (!previous) return false;
    this.redoStack.push(this.state);
    this.state = previous;
    this.changed();
    return true;
  }

  redo(): boolean {
    const next = this.redoStack.pop();
    if (!next) return false;
    this.undoStack.push(this.state);
    this.state = next;
    this.changed();
    return true;
  }

  /** Back to the generated captions and chapters; the reviewer's ticks stay. */
  discard(): void {
    if (this.state !== this.original) this.undoStack.push(this.state);
    this.state = this.original;
    this.redoStack = [];
    this.restoredFrom = null;
    this.changed();
  }

  changes(): number {
    return countChanges(this.original, this.state);
  }

  toggleReviewed(id: string, value = !this.reviewed.has(id)): void {
    if (value) this.reviewed.add(id);
    else this.reviewed.delete(id);
    this.save();
    this.emit('reviewed');
  }

  private changed(): void {
    this.save();
    this.emit('edit');
  }

  private save(): void {
    try {
      if (this.state === this.original && this.reviewed.size === 0) {
        localStorage.removeItem(this.key);
        return;
      }
      const saved: Saved = {
        version: STORAGE_VERSION,
        fingerprint: this.fingerprint,
        savedAt: new Date().toISOString(),
        state: this.state,
        reviewed: [...this.reviewed],
      };
      localStorage.setItem(this.key, JSON.stringify(saved));
      this.storageProblem = null;
    } catch (error) {
      this.storageProblem = `Edits cannot be saved in this browser (${error instanceof Error ? error.message : String(error)}); export before closing the page.`;
    }
  }

  private load(): void {
    let raw: string | null;
    try {
      raw = localStorage.getItem(this.key);
    } catch {
      this.storageProblem = 'This browser does not let the page keep edits; export before closing the page.';
      return;
    }
    if (!raw) {
      try {
        const prefix = `capsync-review:${this.stem}:`;
        for (let i = 0; i < localStorage.length; i++) {
          if (localStorage.key(i)?.startsWith(prefix)) {
            this.storageProblem = 'Edits saved for other outputs of this recording (generated again since) are not applied to these.';
          }
        }
      } catch {
        // nothing to tell
      }
      return;
    }
    try {
      const saved = JSON.parse(raw) as Saved;
      if (saved.version !== STORAGE_VERSION || saved.fingerprint !== this.fingerprint) {
        this.storageProblem = 'Edits saved earlier belong to other captions (the outputs were generated again); they were not applied.';
        return;
      }
      if (!Array.isArray(saved.state?.cues) || !Array.isArray(saved.state?.chapters)) return;
      this.state = saved.state;
      this.reviewed = new Set(Array.isArray(saved.reviewed) ? saved.reviewed : []);
      if (countChanges(this.original, this.state) > 0) this.restoredFrom = saved.savedAt;
    } catch {
      this.storageProblem = 'Edits saved earlier could not be read; they were not applied.';
    }
  }
}
