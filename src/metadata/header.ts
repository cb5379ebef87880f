/**
 * Facts stated in a description's title/subtitle lines: event, place, and speaker names
 * ("Press conference by NATO Secretary General Mark Rutte following the meetings of NATO
 * Ministers of Defence in Brussels, 13 February 2025."). Heuristics over capitalized runs.
 */
import type { DescriptionSpeaker } from './types.js';

const CAP = String.raw`[\p{Lu}][\p{L}\p{M}'’.\-]*`;
const ACRONYM_OR_CAP = String.raw`(?:[\p{Lu}\d][\p{L}\p{M}\p{N}'’.\-]*)`;
const CONNECTOR = String.raw`(?:of|the|for|and|on|de|du|des|la|le|del|di|der|die|das|für|und|y|e)`;

const EVENT_WORDS =
  /(?<![\p{L}])(?:summit|meeting|meetings|conference|forum|council|ministerial|session|dialogue|symposium|congress|assembly|week|days|expo|festival|hearing|briefing|ceremony|visit|sommet|réunion|conférence|gipfel|treffen|konferenz|cumbre|reunión|conferencia|vertice|riunione|cimeira|reunião|саммит|встреча|засідання|саміт)(?![\p{L}])/iu;

/** Words that describe an office rather than a person's name. */
const ROLE_WORDS = new Set(
  (
    'secretary general deputy assistant minister ministers president vice prime spokesperson spokesman spokeswoman chair chairman ' +
    'chairwoman chairperson commander supreme allied ambassador director chief head representative high foreign defence defense ' +
    'military committee admiral chancellor king queen senator governor mayor secretary-general under envoy special staff press ' +
    'officer moderator affairs european commission council state united states permanent executive acting first lady lord sir ' +
    'of the for and de du des la le del general-secretary colonel lieutenant major captain air force navy army marshal ' +
    'minister-president premier federal national republic nato eu un osce g7 g20 us uk'
  ).split(/\s+/),
);

/** The event named after "at/during/following…" in a header line. */
export function findEvent(lines: readonly string[]): string | null {
  const intro = /(?<![\p{L}])(?:at|during|after|following|ahead of|before|on the margins of|on the sidelines of|at the end of|lors de|à l['’]issue de|au cours de|à|au|aux|während|nach|bei|durante|tras|en el marco de|после|на)\s+(?:the\s+|la\s+|le\s+|l['’]|der\s+|des\s+|el\s+|la\s+)?/giu;
  const stop = /\s*(?:[,;|–—(]|\s-\s|\.\s|\.$|(?<![\p{L}])in\s+\p{Lu}|(?<![\p{L}])on\s+\d|\s\d{1,2}\s+\p{L}+\s+\d{4}|$)/u;
  for (const line of lines) {
    for (const m of line.matchAll(intro)) {
      const rest = line.slice(m.index! + m[0].length);
      const s = stop.exec(rest);
      let candidate = (s ? rest.slice(0, s.index) : rest).trim();
      candidate = candidate.replace(/^meetings?\s+of\s+(?:the\s+)?/iu, (x) => (EVENT_WORDS.test(candidate.slice(x.length)) ? '' : x));
      if (candidate.length < 3 || candidate.length > 120) continue;
      // Lower-case only when it opens with the event word ("réunion des ministres de la Défense").
      if (!/^[\p{Lu}\d]/u.test(candidate) && !EVENT_AT_START.test(candidate)) continue;
      if (PLACE_WORDS.test(candidate) && !EVENT_WORDS.test(candidate)) continue; // "at NATO Headquarters" is a place
      if (EVENT_WORDS.test(candidate) || /\p{Lu}.*\p{Lu}/u.test(candidate)) return candidate;
    }
  }
  // "NATO Summit 2025 – press conference": a capitalized run with an event word, preferring
  // runs that end on it ("Public Hearing") over runs that start with it ("Council on Urban Transit").
  const named = new RegExp(`(${ACRONYM_OR_CAP}(?:\\s+(?:${CONNECTOR}\\s+)?${ACRONYM_OR_CAP})*)`, 'gu');
  let fallback: string | null = null;
  for (const line of lines) {
    for (const m of line.matchAll(named)) {
      const words = m[1].replace(/[,.;:]+$/, '').split(/\s+/);
      const last = words.findLastIndex((w) => EVENT_WORDS.test(w));
      if (last < 0 || words.length < 2) continue;
      const end = last + 1 < words.length && /^\d{4}$/.test(words[last + 1]) ? last + 2 : last + 1;
      if (last > 0) return words.slice(0, end).join(' ');
      fallback ??= words.join(' ');
    }
  }
  return fallback;
}

const WEEKDAYS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$/iu;
const EVENT_AT_START = new RegExp(`^(?:${EVENT_WORDS.source.replace(/^\(\?<!\[\\p\{L\}\]\)/, '')})`, 'iu');
const PLACE_WORDS = /(?<![\p{L}])(?:headquarters|HQ|building|palace|house|centre|center|hall|airport|base|embassy|parliament|square)(?![\p{L}])/iu;

/** The place after "in"/"à"/"en" ("in Brussels"), or a dateline ("BRUSSELS, 13 February 2025"). */
export function findPlace(lines: readonly string[], monthWords: RegExp): string | null {
  const run = `${CAP}(?:[ \\-](?:${CAP}|am|an|upon|de|del|la|sur))*`;
  const re = new RegExp(`(?<![\\p{L}])(?:in|à|en|au|aux|im|в|у)\\s+(?:the\\s+)?(${run})`, 'gu');
  for (const line of lines) {
    for (const m of line.matchAll(re)) {
      // "Lyon March 3" / "Brussels Monday": a place ends before a month or weekday name.
      const words = m[1].split(/\s+/);
      const stopAt = words.findIndex((w, k) => k > 0 && (monthWords.test(w) || WEEKDAYS.test(w)));
      let place = (stopAt > 0 ? words.slice(0, stopAt).join(' ') : m[1]).replace(/[.\-']+$/u, '');
      place = place.replace(/\s+(?:on|de|del|la|sur|am|an|upon)$/u, '');
      const first = place.split(/\s+/)[0];
      if (monthWords.test(first) || /^\d/.test(first)) continue;
      if (EVENT_WORDS.test(place)) continue;
      if (place.length >= 2) return place;
    }
  }
  const dateline = new RegExp(`^\\s*(${CAP}(?:[ \\-]${CAP}){0,2})\\s*,\\s*\\d{1,2}`, 'u');
  for (const line of lines) {
    const m = dateline.exec(line);
    if (m && !EVENT_WORDS.test(m[1]) && m[1].split(/\s+/).length <= 3 && !monthWords.test(m[1])) {
      // Only a line that starts with the place, and not a title ("Defence Ministers Meeting, 13 FEB").
      if (line.trim().indexOf(m[1]) === 0 && line.trim().length < 80 && /^[\p{Lu}\s\-]+$/u.test(m[1])) {
        return m[1].charAt(0) + m[1].slice(1).toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_x, a: string, b: string) => a + b.toUpperCase());
      }
    }
  }
  return null;
}

/** Split a capitalized run into the office and the trailing personal name ("NATO Secretary General" + "Mark Rutte"). */
export function splitRoleName(run: string): { role: string | null; name: string | null } {
  const words = run.trim().split(/\s+/);
  let cut = words.length;
  // Walk back over name words: capitalized, not an office word, not an acronym.
  while (cut > 0) {
    const w = words[cut - 1];
    const bare = w.replace(/[^\p{L}\p{M}'’-]/gu, '');
    if (!bare || ROLE_WORDS.has(bare.toLowerCase()) || /^\p{Lu}{2,}$/u.test(bare) || !/^\p{Lu}/u.test(bare)) break;
    cut--;
  }
  const name = words.slice(cut).join(' ') || null;
  const role = words.slice(0, cut).join(' ') || null;
  // A lone capitalized word after an office is a surname ("General Cavoli"); two+ is a name; none, no name.
  return { role, name: name && (words.length - cut >= 1) ? name : null };
}

/** Look a speaker label up in header lines to find the person's name ("NATO Secretary General Mark Rutte"). */
function nameForRole(role: string, header: readonly string[]): string | null {
  const esc = role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${esc},?\\s+((?:${CAP}\\s*){1,4})`, 'u');
  for (const line of header) {
    const m = re.exec(line);
    if (!m) continue;
    const { name } = splitRoleName(`${role} ${m[1].trim()}`);
    if (name) return name;
  }
  return null;
}

/**
 * Speakers from the excerpt's labels ("NATO Secretary General", "Moderator") completed with
 * names stated in the header, or from "by/with <Office Name>" in the header when there are no labels.
 */
export function findSpeakers(labels: readonly string[], header: readonly string[]): DescriptionSpeaker[] {
  const out: DescriptionSpeaker[] = [];
  const seen = new Set<string>();
  const add = (s: DescriptionSpeaker): void => {
    const key = `${(s.role ?? '').toLowerCase()}|${(s.name ?? '').toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  for (const label of labels) {
    // "Mark Rutte (NATO Secretary General)" / "Mark Rutte, NATO Secretary General" / "NATO Secretary General Mark Rutte".
    // Journalists' turns: "Q", "Question (Reuters)", "Question – BBC".
    const question = /^(q|question|journalist|reporter|frage|pregunta|вопрос|питання)\b\s*[(\-–—,]?\s*([^)]*)\)?$/iu.exec(label);
    if (question) {
      add({ role: 'Question', name: null, label });
      continue;
    }
    const paren = /^(.+?)\s*\((.+)\)$/u.exec(label);
    const comma = /^(.+?),\s*(.+)$/u.exec(label);
    if (paren) {
      const first = splitRoleName(paren[1]);
      if (first.role === null) add({ role: paren[2].trim(), name: paren[1].trim(), label });
      else add({ role: paren[1].trim(), name: null, label }); // "Question (Reuters)": outlet, not a name
    } else if (comma) {
      const a = splitRoleName(comma[1]);
      add(a.role === null ? { role: comma[2].trim(), name: comma[1].trim(), label } : { role: label, name: null, label });
    } else {
      const split = splitRoleName(label);
      const nameWords = split.name ? split.name.split(/\s+/).length : 0;
      if (split.role && nameWords >= 2) add({ role: split.role, name: split.name, label });
      else if (!split.role && nameWords >= 2) add({ role: null, name: split.name, label });
      else add({ role: label, name: nameForRole(label, header), label });
    }
  }
  if (out.length === 0) {
    const intro = new RegExp(
      `(?<![\\p{L}])(?:by|with|from|featuring|par|von|por|di|от)\\s+(?:the\\s+)?(${ACRONYM_OR_CAP}(?:\\s+(?:${CONNECTOR}\\s+)?${ACRONYM_OR_CAP})*)`,
      'gu',
    );
    for (const line of header) {
      for (const m of line.matchAll(intro)) {
        const run = m[1].replace(/[.,]+$/, '');
        const { role, name } = splitRoleName(run);
        if (name && name.split(/\s+/).length >= 2 && !EVENT_WORDS.test(run)) add({ role, name, label: null });
      }
    }
  }
  return out;
}
