import './rtl-setup.js';
import { render } from '@testing-library/react';
import { App } from '../../src/app/App.js';
import type { FakeZafClient } from './fakeZafClient.js';

/** Renders the app as main.tsx does once ZAF has registered. */
export function renderApp(client: FakeZafClient) {
  return render(<App client={client} />);
}
