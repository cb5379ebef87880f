import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CapsyncError } from '../../src/util/errors.js';
import { checkTranscriptLanguage, detectTranscriptLanguage, parseTranscript } from '../../src/text/index.js';

const SEED = readFileSync(new URL('../fixtures/descriptions/nato-defmin-2025-02-13.description.txt', import.meta.url), 'utf8');

const SAMPLES: Record<string, string> = {
  en: 'We also discussed the situation in Ukraine, together with the Minister. All Allies are united in their desire for peace and we need to put Ukraine in the best possible position for the negotiations that will come.',
  fr: "Nous avons également discuté de la situation en Ukraine avec le ministre. Tous les Alliés sont unis dans leur désir de paix et nous devons mettre l'Ukraine dans la meilleure position possible pour les négociations.",
  de: 'Wir haben auch die Lage in der Ukraine mit dem Minister besprochen. Alle Verbündeten sind in ihrem Wunsch nach Frieden vereint und wir müssen die Ukraine in die bestmögliche Position für die Verhandlungen bringen.',
  es: 'También hemos hablado de la situación en Ucrania con el ministro. Todos los aliados están unidos en su deseo de paz y tenemos que poner a Ucrania en la mejor posición posible para las negociaciones que vienen.',
  it: "Abbiamo anche discusso della situazione in Ucraina con il ministro. Tutti gli alleati sono uniti nel loro desiderio di pace e dobbiamo mettere l'Ucraina nella migliore posizione possibile per i negoziati che verranno.",
  nl: 'We hebben ook de situatie in Oekraïne met de minister besproken. Alle bondgenoten zijn verenigd in hun wens naar vrede en we moeten Oekraïne in de best mogelijke positie brengen voor de onderhandelingen die er aan komen.',
  pt: 'Também discutimos a situação na Ucrânia com o ministro. Todos os aliados estão unidos no seu desejo de paz e precisamos de colocar a Ucrânia na melhor posição possível para as negociações que se seguem.',
  pl: 'Omówiliśmy także sytuację na Ukrainie z ministrem. Wszyscy sojusznicy są zjednoczeni w pragnieniu pokoju i musimy postawić Ukrainę w najlepszej możliwej pozycji do negocjacji, które się zbliżają, to jest bardzo ważne.',
  uk: 'Ми також обговорили ситуацію в Україні з міністром. Усі союзники єдині у своєму прагненні до миру, і ми повинні поставити Україну в найкращу можливу позицію для переговорів, які вже дуже близько, це є важливо.',
  ru: 'Мы также обсудили ситуацию в Украине с министром. Все союзники едины в своём стремлении к миру, и мы должны поставить Украину в наилучшее положение для переговоров, которые уже очень близко, это важно.',
};

describe('detectTranscriptLanguage', () => {
  it.each(Object.entries(SAMPLES))('recognises %s', (lang, text) => {
    expect(detectTranscriptLanguage(text).language).toBe(lang);
  });

  it('recognises the seed transcript as English', () => {
    const guess = detectTranscriptLanguage(parseTranscript(SEED));
    expect(guess.language).toBe('en');
    expect(guess.scores.en).toBeGreaterThan(0.25);
  });

  it('does not judge a short text', () => {
    expect(detectTranscriptLanguage('Merci beaucoup.').language).toBeNull();
  });
});

describe('checkTranscriptLanguage', () => {
  it('explains a French transcript given as English', () => {
    const t = parseTranscript(SAMPLES.fr);
    let error: unknown;
    try {
      checkTranscriptLanguage(t, 'en');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).message).toBe('the transcript looks like French, not English; pass --language fr if that is intended');
  });

  it('names Ukrainian and Russian apart', () => {
    expect(() => checkTranscriptLanguage(SAMPLES.uk, 'en')).toThrow(/looks like Ukrainian.*--language uk/);
    expect(() => checkTranscriptLanguage(SAMPLES.ru, 'uk')).toThrow(/looks like Russian, not Ukrainian/);
  });

  it('passes matching, regional and unknown languages, and short texts', () => {
    expect(checkTranscriptLanguage(SAMPLES.en, 'en').language).toBe('en');
    expect(checkTranscriptLanguage(SAMPLES.en, 'en-GB').language).toBe('en');
    expect(checkTranscriptLanguage(SAMPLES.de, 'de').language).toBe('de');
    expect(() => checkTranscriptLanguage(SAMPLES.fr, 'sv')).not.toThrow();
    expect(() => checkTranscriptLanguage('Bonjour à tous.', 'en')).not.toThrow();
  });

  it('passes an English transcript full of foreign names', () => {
    const text = 'Thank you Secretary Hegseth and Minister Umerov. We met with Kaja Kallas, Pete Hegseth and General Cavoli in Brussels and we are united with Ukraine for a just and lasting peace.';
    expect(() => checkTranscriptLanguage(text, 'en')).not.toThrow();
  });
});
