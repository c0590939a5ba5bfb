import { i18n } from '@/lib/i18n';
import en from '@/locales/kpis/en.json';
import ja from '@/locales/kpis/ja.json';

/**
 * The figures' strings, merged into the one namespace when the dashboard (or the managing hub that links to
 * it) loads: both are lazy chunks, so these strings stay out of the first-load budget.
 */
i18n.addResourceBundle('ja', 'translation', ja, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
