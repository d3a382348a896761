import { pageOrigin, publicOrigin } from '../../src/server/views/schedule-html.js';
import { pickScheduleLanguage } from '../../src/server/views/schedule-text.js';

describe('pickScheduleLanguage', () => {
  it('takes ?lang= first, then the heaviest language of Accept-Language the page exists in, else English', () => {
    expect(pickScheduleLanguage('fr-CA', 'en')).toBe('fr');
    expect(pickScheduleLanguage(undefined, 'de-DE, fr;q=0.8, en;q=0.5')).toBe('fr');
    expect(pickScheduleLanguage(undefined, 'en;q=0.2, fr;q=0.9')).toBe('fr');
    expect(pickScheduleLanguage(undefined, 'fr;q=0, en')).toBe('en');
    expect(pickScheduleLanguage(undefined, 'de, *')).toBe('en');
    expect(pickScheduleLanguage(undefined, undefined)).toBe('en');
  });
});

describe('pageOrigin', () => {
  it('keeps a plain Host for the feed addresses and drops anything else', () => {
    expect(pageOrigin('Status.Example.com:8443', 'https')).toEqual({
      host: 'status.example.com:8443',
      scheme: 'https',
      base: '/',
    });
    expect(pageOrigin('[::1]:3000', 'http')).toEqual({ host: '[::1]:3000', scheme: 'http', base: '/' });
    for (const host of ['evil.example/"><script>', 'a b', '', undefined, `${'a'.repeat(64)}.example`]) {
      expect(pageOrigin(host, 'http')).toBeNull();
    }
  });
});

describe('publicOrigin', () => {
  it("takes PUBLIC_URL's scheme, host and path, so a proxy prefix stays in the feed addresses", () => {
    expect(publicOrigin('https://vendor.example/upgrades')).toEqual({
      host: 'vendor.example',
      scheme: 'https',
      base: '/upgrades/',
    });
    expect(publicOrigin('http://127.0.0.1:8080/')).toEqual({ host: '127.0.0.1:8080', scheme: 'http', base: '/' });
    expect(publicOrigin(null)).toBeNull();
  });
});
