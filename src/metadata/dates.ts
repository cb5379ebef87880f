/**
 * Dates as descriptions write them ("13 FEB 2025", "13 February 2025", "February 13, 2025",
 * "2025-02-13", "13.02.2025", "13 février 2025", "13 de febrero de 2025") → ISO `YYYY-MM-DD`.
 */

const MONTHS: Record<string, number> = {};
function addMonths(names: string): void {
  names.split(/\s+/).forEach((group, i) => {
    for (const n of group.split('|')) MONTHS[n] = i + 1;
  });
}
// One space-separated group per month, alternatives joined by '|'.
addMonths('january|jan february|feb march|mar april|apr may june|jun july|jul august|aug september|sep|sept october|oct november|nov december|dec');
addMonths('janvier|janv février|fevrier|févr|fevr mars avril|avr mai juin juillet|juil août|aout septembre octobre novembre décembre|decembre|déc');
addMonths('januar|jänner|jan februar|feb märz|maerz|mär april|apr mai juni|jun juli|jul august|aug september|sep oktober|okt november|nov dezember|dez');
addMonths('enero|ene febrero|feb marzo|mar abril|abr mayo|may junio|jun julio|jul agosto|ago septiembre|setiembre|sept octubre|oct noviembre|nov diciembre|dic');
addMonths('gennaio|gen febbraio|feb marzo|mar aprile|apr maggio|mag giugno|giu luglio|lug agosto|ago settembre|set ottobre|ott novembre|nov dicembre|dic');
addMonths('janeiro|jan fevereiro|fev março|marco|mar abril|abr maio|mai junho|jun julho|jul agosto|ago setembro|set outubro|out novembro|nov dezembro|dez');
addMonths('januari|jan februari|feb maart|mrt april|apr mei juni|jun juli|jul augustus|aug september|sep oktober|okt november|nov december|dec');
addMonths('stycznia|styczeń lutego|luty marca|marzec kwietnia|kwiecień maja|maj czerwca|czerwiec lipca|lipiec sierpnia|sierpień września|wrzesień października|październik listopada|listopad grudnia|grudzień');
addMonths('января|январь февраля|февраль марта|март апреля|апрель мая|май июня|июнь июля|июль августа|август сентября|сентябрь октября|октябрь ноября|ноябрь декабря|декабрь');
addMonths('січня|січень лютого|лютий березня|березень квітня|квітень травня|травень червня|червень липня|липень серпня|серпень вересня|вересень жовтня|жовтень листопада|листопад грудня|грудень');

/** A month name or abbreviation in one of the supported languages ("Feb.", "février", "лютого"). */
export const MONTH_NAME_RE = new RegExp(`^(?:${Object.keys(MONTHS).join('|')})\\.?$`, 'iu');

const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const L = String.raw`(?<![\p{L}\p{N}])`;
const R = String.raw`(?![\p{L}\p{N}])`;
const ISO_RE = new RegExp(`${L}(\\d{4})-(\\d{2})-(\\d{2})${R}`, 'u');
const DMY_NAME_RE = new RegExp(`${L}(\\d{1,2})(?:st|nd|rd|th|er|\\.|º)?\\s+(?:de\\s+)?(${MONTH_ALT})\\.?,?\\s+(?:de\\s+)?(\\d{4})${R}`, 'iu');
const MDY_NAME_RE = new RegExp(`${L}(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${R}`, 'iu');
const YMD_NUM_RE = new RegExp(`${L}(\\d{4})([./])(\\d{1,2})\\2(\\d{1,2})${R}`, 'u');
const NUM_RE = new RegExp(`${L}(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4})${R}`, 'u');

export interface FoundDate {
  iso: string;
  raw: string;
  /** Offset of `raw` in the searched text. */
  index: number;
  /** True for numeric dates like 03/04/2025 where day and month could swap (read day-first). */
  ambiguous: boolean;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null; // 31 FEB
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The earliest well-formed date in `text`, or null. */
export function findDate(text: string): FoundDate | null {
  const found: FoundDate[] = [];
  const push = (m: RegExpExecArray | null, y: number, mo: number, d: number, ambiguous = false): void => {
    if (!m) return;
    const s = iso(y, mo, d);
    if (s) found.push({ iso: s, raw: m[0], index: m.index, ambiguous });
  };
  let m = ISO_RE.exec(text);
  if (m) push(m, +m[1], +m[2], +m[3]);
  m = DMY_NAME_RE.exec(text);
  if (m) push(m, +m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  m = MDY_NAME_RE.exec(text);
  if (m) push(m, +m[3], MONTHS[m[1].toLowerCase()], +m[2]);
  m = YMD_NUM_RE.exec(text);
  if (m) push(m, +m[1], +m[3], +m[4]);
  m = NUM_RE.exec(text);
  if (m) {
    const a = +m[1];
    const b = +m[3];
    // Day-first unless that is impossible (US "02/13/2025"); dotted dates are always day-first.
    if (a > 12 || m[2] === '.') push(m, +m[4], b, a);
    else if (b > 12) push(m, +m[4], a, b);
    else push(m, +m[4], b, a, a !== b);
  }
  if (found.length === 0) return null;
  found.sort((x, y) => x.index - y.index);
  return found[0];
}
