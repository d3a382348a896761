import { useRef, type ReactNode } from 'react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { GlobalStyle } from './components/GlobalStyle.js';
import { RequestView } from './components/RequestView.js';
import { useAgentContext } from './hooks/useAgentContext.js';
import { useResize } from './hooks/useResize.js';
import { I18nProvider, useI18n } from './i18n/I18nContext.js';
import { LOCATIONS } from './locations.js';
import { UnknownLocation } from './screens/UnknownLocation.js';
import { themeForLocale } from './theme.js';
import { ZafClientProvider } from './zaf/ZafContext.js';
import type { ZafClient } from './zaf/client.js';

/** The app once ZAF has registered: the agent's locale and theme around the component of this location. */
export function App({ client, fallbackLocale = 'en' }: { client: ZafClient; fallbackLocale?: string }) {
  const agent = useAgentContext(client);
  const locale = agent.state.status === 'data' ? agent.state.data.locale : fallbackLocale;
  return (
    <ZafClientProvider client={client}>
      <LocaleShell locale={locale}>
        <Resized client={client}>
          <LocationView client={client} agent={agent} />
        </Resized>
      </LocaleShell>
    </ZafClientProvider>
  );
}

/** Theme, direction and strings of a locale (also used by the outside-Zendesk screen). */
export function LocaleShell({ locale, children }: { locale: string; children: ReactNode }) {
  const theme = themeForLocale(locale);
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyle />
      <I18nProvider locale={locale}>
        <div dir={theme.rtl ? 'rtl' : 'ltr'} lang={locale}>
          {children}
        </div>
      </I18nProvider>
    </ThemeProvider>
  );
}

function Resized({ client, children }: { client: ZafClient; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useResize(client, ref);
  return (
    <div ref={ref} className="uw-root">
      {children}
    </div>
  );
}

function LocationView({ client, agent }: { client: ZafClient; agent: ReturnType<typeof useAgentContext> }) {
  const { t } = useI18n();
  return (
    <RequestView state={agent.state} onRetry={agent.reload} loadingLabel={t('app.loading')}>
      {(context) => {
        const Location = LOCATIONS[context.location];
        return Location ? (
          <Location client={client} context={context} />
        ) : (
          <UnknownLocation location={context.location} />
        );
      }}
    </RequestView>
  );
}
