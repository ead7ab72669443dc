import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import { deName } from './elision.ts';

export const LOCALES: readonly Locale[] = ['fr', 'en', 'ar'];
const STORAGE_KEY = 'preau.locale';

// One chunk per catalogue: only the language in use is downloaded.
const catalogues: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  fr: () => import('./fr.json'),
  en: () => import('./en.json'),
  ar: () => import('./ar.json'),
};

// The public pages' keys only (vite.config.ts, i18nParts): what the sign-in page needs, a fraction of the catalogue.
const cores: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  fr: () => import('virtual:i18n-core/fr'),
  en: () => import('virtual:i18n-core/en'),
  ar: () => import('virtual:i18n-core/ar'),
};

// What the signed-in frame and every profile's home page name (vite.config.ts, i18nParts).
const shells: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  fr: () => import('virtual:i18n-shell/fr'),
  en: () => import('virtual:i18n-shell/en'),
  ar: () => import('virtual:i18n-shell/ar'),
};

type Part = 'core' | 'shell' | 'full';
const PARTS: Record<Part, typeof cores> = { core: cores, shell: shells, full: catalogues };
const RANK: Record<Part, number> = { core: 0, shell: 1, full: 2 };

/** The largest part wanted so far: a language switch downloads that part of the new language. */
let wanted: Part = 'core';
const loaded = new Map<string, Promise<void>>();

async function loadCatalogue(locale: Locale): Promise<Record<string, unknown>> {
  return (await PARTS[wanted][locale]()).default;
}

/** Adds a part of the language in use to i18next (once), and remembers that it is wanted from now on. */
function loadPart(part: Part): Promise<void> {
  if (RANK[part] > RANK[wanted]) wanted = part;
  const locale = currentLocale();
  const key = `${part}:${locale}`;
  let p = loaded.get(key);
  if (!p) {
    p = PARTS[part][locale]().then(({ default: resources }) => {
      i18next.addResourceBundle(locale, 'translation', resources, true, true);
    });
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}

/** The signed-in frame and the home pages: the keys they name (the rest of the catalogue comes with other pages). */
export const loadShellCatalogue = (): Promise<void> => loadPart('shell');

/** The whole catalogue of the language in use: every page past the home page awaits it before it renders. */
export const loadFullCatalogue = (): Promise<void> => loadPart('full');

/** A lazily loaded page that renders only once the whole catalogue is there. */
export function withFullCatalogue<T>(page: Promise<T>): Promise<T> {
  return Promise.all([page, loadFullCatalogue()]).then(([m]) => m);
}

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as string[]).includes(v);

/** The remembered choice, else the browser's language when we have it, else French. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage may be refused (private browsing): fall through.
  }
  const nav = navigator.language.slice(0, 2);
  return isLocale(nav) && nav !== 'en' ? nav : 'fr';
}

function applyToDocument(locale: Locale) {
  document.documentElement.lang = locale;
  document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
}

export async function initI18n(): Promise<void> {
  const locale = initialLocale();
  const resources = await loadCatalogue(locale);
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: resources } },
    interpolation: { escapeValue: false },
    returnNull: false,
    // A key that the part downloaded lacks is a defect (vite.config.ts, i18nParts): the browser tests watch for this.
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => console.warn(`[i18n] missing key: ${key}`),
  });
  loaded.set(`${wanted}:${locale}`, Promise.resolve());
  // French "de"/"d’" before a name or a subject: "Retour à la fiche {{name, de}}" → "… d’Axel".
  i18next.services.formatter?.add('de', (value) => deName(String(value)));
  applyToDocument(locale);
}

/** Switches the interface language (downloading its catalogue once) and remembers it on this device. */
export async function changeLocale(locale: Locale): Promise<void> {
  const key = `${wanted}:${locale}`;
  if (!loaded.has(key)) {
    const p = loadCatalogue(locale).then((resources) => {
      i18next.addResourceBundle(locale, 'translation', resources, true, true);
    });
    loaded.set(key, p);
    await p.catch((e) => {
      loaded.delete(key);
      throw e;
    });
  }
  await i18next.changeLanguage(locale);
  applyToDocument(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered on this device; the account still keeps it.
  }
}

export const currentLocale = (): Locale => (isLocale(i18next.language) ? i18next.language : 'fr');

/** The school's time zone: every instant is shown as Paris time, whatever the device's own zone. */
export const SCHOOL_TIME_ZONE = 'Europe/Paris';
const isCalendarDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** An instant as Paris wall time for a `datetime-local` input ("2026-11-29T08:30"), whatever the device's zone. */
export function toSchoolDateTimeInput(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SCHOOL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '00';
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}`;
}

/** A `datetime-local` value read as Paris wall time, back to an ISO instant. */
export function fromSchoolDateTimeInput(value: string): string {
  const asUtc = Date.parse(`${value}:00Z`);
  const offsetAt = (t: number) =>
    Date.parse(`${toSchoolDateTimeInput(new Date(t).toISOString())}:00Z`) - Math.floor(t / 60000) * 60000;
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first)).toISOString();
}

/** Dates and numbers go through Intl, in the interface language, instants in the school's time zone. */
export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: SCHOOL_TIME_ZONE,
  }).format(new Date(iso));
/** A calendar date ("2026-09-01") as is; an instant, on its day in Paris. */
export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'long',
    timeZone: isCalendarDate(iso) ? 'UTC' : SCHOOL_TIME_ZONE,
  }).format(new Date(isCalendarDate(iso) ? `${iso}T00:00:00Z` : iso));
export const formatNumber = (n: number) => new Intl.NumberFormat(currentLocale()).format(n);

/**
 * In Arabic, a value written by someone (a reason, a comment) put inside a translated sentence becomes a bidi
 * isolate (FSI … PDI): French text keeps its own direction and its full stop stays at its end. Elsewhere, as is.
 */
export const bidiIsolate = (text: string) => (currentLocale() === 'ar' ? `\u2068${text}\u2069` : text);
