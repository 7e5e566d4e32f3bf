// The start page: only the language switch.
import { initI18n } from './i18n.js';

initI18n();
document.body.dataset.ready = 'true';
