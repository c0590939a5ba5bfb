import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '@/locales/en.json';
import ja from '@/locales/ja.json';

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Japanese first; English for members whose profile says `locale: "en"`. `<html lang>` follows. */
void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: 'ja',
  fallbackLng: 'ja',
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export function applyLocale(locale: string | undefined): void {
  const next: Locale = locale === 'en' ? 'en' : 'ja';
  if (i18n.language !== next) void i18n.changeLanguage(next);
}

export { i18n };
