import { i18n } from '@/lib/i18n';
import en from '@/locales/projects/en.json';
import ja from '@/locales/projects/ja.json';

/**
 * The projects' strings (roles, statuses, the managing screen), merged into the one namespace when a page
 * that shows projects loads: the profile, the directory and a theme's managing page are lazy chunks, and so
 * are these strings, so they stay out of the first-load budget (scripts/check-web-budget.mjs).
 */
i18n.addResourceBundle('ja', 'translation', ja, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
