import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import id from './id.json';

/** Indonesian first; English on request (the choice is kept for this browser, it is not a secret). */
export const LANGUAGES = ['id', 'en'] as const;
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('rujuk.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: stored === 'en' ? 'en' : 'id',
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lang: 'id' | 'en'): void {
  localStorage.setItem('rujuk.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
