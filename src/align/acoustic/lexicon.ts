/**
 * Pronunciations for the acoustic model: the model's own dictionary first (CMUdict for
 * English, its French counterpart), and for words it lacks (names such as Rutte, Hegseth,
 * Umerov) eSpeak-NG's phonemes mapped to the model's phone set.
 */

export interface Pronunciation {
  /** Model CI phone ids (the dictionary's first pronunciation, or eSpeak's). */
  phones: number[];
  /** The dictionary's other pronunciations, in its order (none for eSpeak's). */
  alternates: number[][];
  source: 'dictionary' | 'espeak';
}

/** IPA (as eSpeak-NG writes it, one phoneme per `_`-separated token) to model phone names. */
const IPA_TO_PHONES: Record<'en' | 'fr', Record<string, string[]>> = {
  en: {
    'ɑ': ['AA'], 'ɑː': ['AA'], 'ɒ': ['AA'], 'æ': ['AE'], 'a': ['AE'], 'ʌ': ['AH'], 'ə': ['AH'], 'ɐ': ['AH'], 'ᵻ': ['IH'],
    'ɔ': ['AO'], 'ɔː': ['AO'], 'aʊ': ['AW'], 'aɪ': ['AY'], 'b': ['B'], 'tʃ': ['CH'], 'd': ['D'], 'ð': ['DH'],
    'ɛ': ['EH'], 'e': ['EH'], 'ɜ': ['ER'], 'ɜː': ['ER'], 'ɚ': ['ER'], 'ɝ': ['ER'], 'eɪ': ['EY'], 'f': ['F'], 'ɡ': ['G'], 'g': ['G'],
    'h': ['HH'], 'ɪ': ['IH'], 'i': ['IY'], 'iː': ['IY'], 'dʒ': ['JH'], 'k': ['K'], 'l': ['L'], 'm': ['M'], 'n': ['N'],
    'ŋ': ['NG'], 'oʊ': ['OW'], 'o': ['OW'], 'əʊ': ['OW'], 'ɔɪ': ['OY'], 'p': ['P'], 'ɹ': ['R'], 'r': ['R'], 's': ['S'], 'ʃ': ['SH'],
    't': ['T'], 'ɾ': ['T'], 'θ': ['TH'], 'ʊ': ['UH'], 'u': ['UW'], 'uː': ['UW'], 'v': ['V'], 'w': ['W'], 'j': ['Y'],
    'z': ['Z'], 'ʒ': ['ZH'], 'x': ['HH'], 'ʔ': ['T'], 'ɬ': ['L'], 'ɔːɹ': ['AO', 'R'], 'ɑːɹ': ['AA', 'R'], 'ɪɹ': ['IH', 'R'],
    'ɛɹ': ['EH', 'R'], 'ʊɹ': ['UH', 'R'], 'aɪɚ': ['AY', 'ER'], 'aʊɚ': ['AW', 'ER'], 'iə': ['IY', 'AH'], 'ju': ['Y', 'UW'],
    'juː': ['Y', 'UW'], 'ts': ['T', 'S'], 'n̩': ['AH', 'N'], 'l̩': ['AH', 'L'], 'm̩': ['AH', 'M'],
  },
  fr: {
    'a': ['aa'], 'ɑ': ['aa'], 'ɛ': ['ai'], 'ɛː': ['ai'], 'ɑ̃': ['an'], 'o': ['au'], 'b': ['bb'], 'ʃ': ['ch'], 'd': ['dd'],
    'ə': ['ee'], 'e': ['ei'], 'ø': ['eu'], 'f': ['ff'], 'ɡ': ['gg'], 'g': ['gg'], 'ɲ': ['gn'], 'i': ['ii'], 'ɛ̃': ['in'],
    'ʒ': ['jj'], 'k': ['kk'], 'l': ['ll'], 'm': ['mm'], 'n': ['nn'], 'œ': ['oe'], 'ɔ̃': ['on'], 'ɔ': ['oo'], 'u': ['ou'],
    'p': ['pp'], 'ʁ': ['rr'], 'r': ['rr'], 's': ['ss'], 't': ['tt'], 'œ̃': ['un'], 'y': ['uu'], 'ɥ': ['uy'], 'v': ['vv'],
    'w': ['ww'], 'j': ['yy'], 'z': ['zz'], 'ŋ': ['nn', 'gg'], 'dʒ': ['dd', 'jj'], 'tʃ': ['tt', 'ch'], 'ɪ': ['ii'], 'ʊ': ['ou'],
    'ʌ': ['oe'], 'æ': ['aa'], 'x': ['rr'], 'h': [], 'ʔ': [],
  },
};

/** Marks eSpeak puts on phonemes that carry no segment of their own. */
const IPA_MARKS = /[ˈˌ‿ˑ̯̆]/g;

/**
 * A word's pronunciations without the alternates that only add phones at the end of another one: a
 * liaison consonant ("les(2) ll ai zz") or a final schwa ("défense(2) … ss ee"). Whether those are
 * said depends on the next word, and offered freely they let a word take the next one's first
 * sound (measured on the French tuning set). The first pronunciation always stays.
 */
function withoutEndings(pronunciations: number[][]): number[][] {
  const extendsAnother = (p: number[]) => pronunciations.some((q) => q.length < p.length && q.every((phone, i) => p[i] === phone));
  return pronunciations.filter((p, i) => i === 0 || !extendsAnother(p));
}

export class Lexicon {
  /** Each word's pronunciations, the first one first. */
  private readonly entries = new Map<string, number[][]>();
  /** eSpeak's pronunciations already made, kept apart from the dictionary's. */
  private readonly guessed = new Map<string, number[]>();
  private readonly phoneIds: Map<string, number>;

  constructor(
    readonly language: 'en' | 'fr',
    dictionaryText: string,
    phoneNames: readonly string[],
    /** eSpeak-NG IPA for a word, or null when it has none (used for words not in the dictionary). */
    private readonly ipaOf: (word: string) => string | null,
  ) {
    this.phoneIds = new Map(phoneNames.map((name, id) => [name, id]));
    // "word" is the first pronunciation, "word(2)", "word(3)"… the others, numbered in order.
    const numbered = new Map<string, Array<[number, number[]]>>();
    for (const line of dictionaryText.split('\n')) {
      if (!line || line.startsWith(';;')) continue;
      const fields = line.trim().split(/\s+/);
      const entry = /^(.+?)(?:\((\d+)\))?$/.exec(fields[0] ?? '');
      if (!entry) continue;
      const phones = fields.slice(1).map((p) => this.phoneIds.get(p));
      if (!phones.length || !phones.every((p) => p !== undefined)) continue;
      const variants = numbered.get(entry[1]) ?? [];
      variants.push([entry[2] ? Number(entry[2]) : 1, phones as number[]]);
      numbered.set(entry[1], variants);
    }
    for (const [word, variants] of numbered) this.entries.set(word, withoutEndings(variants.sort((a, b) => a[0] - b[0]).map(([, phones]) => phones)));
  }

  /** The phones of one spoken word (lower case), or null when neither the dictionary nor eSpeak has any. */
  pronounce(word: string): Pronunciation | null {
    const key = word.toLowerCase();
    const known = this.entries.get(key) ?? this.entries.get(key.replace(/’/g, "'"));
    if (known) return { phones: known[0], alternates: known.slice(1), source: 'dictionary' };
    const cached = this.guessed.get(key);
    if (cached) return { phones: cached, alternates: [], source: 'espeak' };
    const ipa = this.ipaOf(key);
    if (!ipa) return null;
    const phones = this.ipaToPhones(ipa);
    if (!phones.length) return null;
    this.guessed.set(key, phones);
    return { phones, alternates: [], source: 'espeak' };
  }

  /** eSpeak's IPA (phonemes separated by `_`, words by spaces) to model phones, longest match first. */
  ipaToPhones(ipa: string): number[] {
    const table = IPA_TO_PHONES[this.language];
    const out: number[] = [];
    for (const token of ipa.replace(IPA_MARKS, '').split(/[_\s]+/)) {
      let rest = token;
      while (rest.length) {
        let matched = false;
        for (let len = Math.min(4, rest.length); len > 0; len--) {
          const names = table[rest.slice(0, len)];
          if (!names) continue;
          for (const name of names) {
            const id = this.phoneIds.get(name);
            if (id !== undefined) out.push(id);
          }
          rest = rest.slice(len);
          matched = true;
          break;
        }
        if (!matched) rest = rest.slice(1); // a mark or a phoneme the model has no counterpart for
      }
    }
    return out;
  }
}
