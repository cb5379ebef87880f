/** Small DOM and time helpers for the review page. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`review page: #${id} is missing`);
  return element as T;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => HTML_ESCAPES[c]);
}

/** `m:ss.mmm`, or `h:mm:ss.mmm` from an hour on (what the time fields show and accept). */
export function formatTime(seconds: number, decimals = 3): string {
  const sign = seconds < 0 ? '-' : '';
  const scale = 10 ** decimals;
  const total = Math.round(Math.abs(seconds) * scale);
  const whole = Math.floor(total / scale);
  const fraction = decimals > 0 ? `.${String(total % scale).padStart(decimals, '0')}` : '';
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}${fraction}` : `${sign}${m}:${s}${fraction}`;
}

/** `m:ss` (whole seconds, rounded down), as YouTube shows chapter times. */
export function formatClock(seconds: number): string {
  return formatTime(Math.floor(seconds + 1e-6), 0);
}

/** Reads `75.2`, `1:15.2`, `1:01:15` (a comma works as the decimal mark); null when it is not a time. */
export function parseTime(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  const match = /^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)$/u.exec(clean);
  if (!match) return null;
  const [, a, b, c] = match;
  const seconds = Number(c);
  if (a !== undefined && b !== undefined) return Number(a) * 3600 + Number(b) * 60 + seconds;
  if (a !== undefined) return Number(a) * 60 + seconds;
  return seconds;
}

/** Index of the last item whose start is ≤ t (items sorted by start), or −1. */
export function lastStartingBefore(starts: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Run `fn` once, `ms` after the last call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = (): void => {
    timer = null;
    if (pending) {
      const args = pending;
      pending = null;
      fn(...args);
    }
  };
  const debounced = (...args: A): void => {
    pending = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    run();
  };
  return debounced;
}

/** True when keys typed now belong to a text field, not to the page's shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'range', 'file'].includes(target.type);
  return false;
}
