import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Self-hosted Noto Sans JP, regular and bold only; the browser fetches just the glyph subsets a page uses.
import '@fontsource/noto-sans-jp/400.css';
import '@fontsource/noto-sans-jp/700.css';
import './styles.css';
import './lib/i18n';
import { App } from './app/app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
