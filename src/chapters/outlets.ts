/**
 * Find the news outlet a question comes from, in the words of the segment itself: the
 * journalist's self-introduction ("Jane Doe, Reuters") or the moderator's hand-over
 * ("Reuters, please", "the gentleman from AFP"). Returns the outlet as written, or null.
 */

/** Outlets that often ask at international briefings; matched case-sensitively as written. */
const KNOWN_OUTLETS = [
  'Associated Press', 'Reuters', 'AFP', 'Agence France-Presse', 'Agence France Presse', 'AP', 'Bloomberg', 'BBC', 'CNN',
  'Politico', 'POLITICO', 'Financial Times', 'FT', 'Wall Street Journal', 'New York Times', 'Washington Post', 'The Guardian',
  'Guardian', 'The Times', 'The Economist', 'Economist', 'Deutsche Welle', 'DW', 'dpa', 'DPA', 'ARD', 'ZDF', 'EFE', 'ANSA',
  'Europa Press', 'Euronews', 'France 24', 'France 2', 'Le Monde', 'Le Figaro', 'Libération', 'Der Spiegel', 'Spiegel',
  'Die Welt', 'Frankfurter Allgemeine', 'FAZ', 'Süddeutsche Zeitung', 'NRC', 'De Standaard', 'Le Soir', 'VRT', 'RTBF',
  'Al Jazeera', 'Sky News', 'NBC', 'NBC News', 'CBS', 'CBS News', 'ABC', 'ABC News', 'Fox News', 'NPR', 'PBS', 'CNBC',
  'NHK', 'Kyodo', 'Kyodo News', 'Yonhap', 'Xinhua', 'CCTV', 'TASS', 'RIA Novosti', 'Anadolu', 'Anadolu Agency', 'TRT',
  'Ukrinform', 'Suspilne', 'Kyiv Independent', 'Kyiv Post', 'Radio Free Europe', 'Radio Liberty', 'RFE/RL', 'Radio Svoboda',
  'Polskie Radio', 'PAP', 'TVP', 'Interfax', 'Interfax-Ukraine', 'UNIAN', 'Agence Europe', 'Europe Diplomatic', 'EUobserver',
  'Euractiv', 'EURACTIV', 'Breaking Defense', 'Defense News', 'Janes', "Jane's", 'Military Times', 'Stars and Stripes',
  'Helsingin Sanomat', 'Yle', 'YLE', 'SVT', 'Dagens Nyheter', 'NRK', 'Aftenposten', 'DR', 'Politiken', 'ERR', 'LRT', 'LSM',
  'Hürriyet', 'Kathimerini', 'ERT', 'RAI', 'Corriere della Sera', 'La Repubblica', 'El País', 'El Mundo', 'RTVE', 'Lusa',
  'RTP', 'CTV', 'CBC', 'Globe and Mail', 'Global News', 'Radio-Canada', 'La Presse', 'ABC Australia', 'Voice of America', 'VOA',
];

// Longest first so "Associated Press" wins over "AP" and "Kyodo News" over "Kyodo".
const KNOWN_SORTED = [...KNOWN_OUTLETS].sort((a, b) => b.length - a.length);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KNOWN_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${KNOWN_SORTED.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'u');

/** Capitalized name run, allowing lower-case joiners ("Corriere della Sera", "Stars and Stripes"). */
const NAME = String.raw`\p{Lu}[\p{L}\p{N}&.'/-]*(?:\s+(?:(?:of|the|and|de|della|del|la|le|di|du|für|&)\s+)?\p{Lu}[\p{L}\p{N}&.'/-]*){0,4}`;

// "Thank you, General." / "Hi, Secretary General," — a greeting and an optional form of address.
const GREETING = /^(?:(?:[Tt]hank you(?: very much)?|[Tt]hanks(?: a lot)?|[Hh]i|[Hh]ello|[Yy]es|[Gg]ood (?:morning|afternoon|evening))(?:,?\s+(?:(?:mr\.?|mrs\.?|ms\.?|madam)\s+)?(?:sir|everyone|all|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?=[.!]))?[.,!]?\s*)+/;

/** Words that look like outlet names in these patterns but are not. */
const NOT_OUTLET = /^(?:Secretary|General|Minister|Sir|Madam|President|Ukraine|Russia|NATO|Allies|Europe|Thank|Thanks|Yes|Hi|Hello|I|We|My|The|And|So|Next|Please|Question|Questions)$/;

function clean(candidate: string): string | null {
  let c = candidate.trim().replace(/[.,;:!?]+$/, '').replace(/^the\s+/i, '');
  // "Deutsche Welle and NPR" keeps both; a trailing joiner does not belong.
  c = c.replace(/\s+(?:and|of|the|&)$/i, '');
  if (!c || NOT_OUTLET.test(c) || c.length > 30) return null;
  return c;
}

/** The outlet in a journalist's opening words, or null. */
export function outletFromQuestion(text: string): string | null {
  const head = text.trim().split(/\s+/).slice(0, 30).join(' ');
  const rest = head.replace(GREETING, '');
  const firstSentence = rest.split(/(?<=[.?!])\s+/)[0] ?? rest;
  const known = firstSentence.match(KNOWN_RE);
  if (known) return known[0];
  const patterns = [
    // "Jane Doe, Helsingin Sanomat." / "Jane Doe from the Kyiv Independent."
    // No `i` flag: with it, \p{Lu} would match lower-case words ("one last question").
    new RegExp(String.raw`^(?:(?:[Mm]y name is|I am|I'm|[Tt]his is)\s+)?\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2},?\s+(?:(?:and\s+)?I(?:'m| am)\s+)?(?:from|with|for)\s+(?:the\s+)?(${NAME})`, 'u'),
    new RegExp(String.raw`^(?:(?:[Mm]y name is|I am|I'm|[Tt]his is)\s+)?\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2},\s+(?:the\s+)?(${NAME})\s*[.,]`, 'u'),
  ];
  for (const re of patterns) {
    const m = firstSentence.match(re);
    const c = m?.[1] ? clean(m[1]) : null;
    if (c) return c;
  }
  return null;
}

/** The outlet a moderator names when handing over, or null. */
export function outletFromHandOver(text: string): string | null {
  const known = text.match(KNOWN_RE);
  if (known) return known[0];
  const patterns = [
    new RegExp(String.raw`\b(?:from|with)\s+(?:the\s+)?(${NAME})`, 'u'),
    new RegExp(String.raw`(?:^|[.!]\s+)(${NAME}),?\s+(?:please|go ahead|you have the floor)\b`, 'u'),
  ];
  for (const re of patterns) {
    const m = text.match(re);
    const c = m?.[1] ? clean(m[1]) : null;
    // A lone first name ("Jane, please") is a person, not an outlet: require the hand-over
    // to say "from"/"with" for unknown names, or the name to be an acronym.
    if (c && (re === patterns[0] || /^\p{Lu}{2,}$/u.test(c))) return c;
  }
  return null;
}
