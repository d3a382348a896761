import { createRoot } from 'react-dom/client';
import { App, LocaleShell } from './App.js';
import { OutsideZendesk } from './screens/OutsideZendesk.js';
import { connectZafClient } from './zaf/client.js';

// The page's single entry: one ZAF client, created here, rendered into only after app.registered.
const root = createRoot(document.getElementById('root')!);
const client = connectZafClient(window.ZAFClient, (registered) =>
  root.render(<App client={registered} fallbackLocale={navigator.language} />),
);
if (client === null) {
  root.render(
    <LocaleShell locale={navigator.language}>
      <OutsideZendesk />
    </LocaleShell>,
  );
}
