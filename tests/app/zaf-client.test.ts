import { connectZafClient } from '../../src/app/zaf/client.js';
import type { ZafSdk, ZafSdkClient } from '../../src/app/zaf/zaf-sdk.js';

function sdkClient(): ZafSdkClient {
  return {
    get: jest.fn(async () => ({})),
    invoke: jest.fn(async () => undefined),
    request: jest.fn(async () => ({ status: 200 })),
    context: jest.fn(async () => ({ location: 'ticket_sidebar' })),
    on: jest.fn(),
    off: jest.fn(),
  };
}

describe('connectZafClient', () => {
  it('returns null when the CDN script did not define ZAFClient', () => {
    expect(connectZafClient(undefined, () => undefined)).toBeNull();
  });

  it('returns null when ZAFClient.init() returns false (opened outside Zendesk)', () => {
    expect(connectZafClient({ init: () => false }, () => undefined)).toBeNull();
  });

  it('hands its callback to init() itself, so app.registered is subscribed before it can fire', () => {
    let registered: ((data: unknown) => void) | undefined;
    const raw = sdkClient();
    const sdk: ZafSdk = {
      init: (callback) => {
        registered = callback;
        return raw;
      },
    };
    const onRegistered = jest.fn();
    const client = connectZafClient(sdk, onRegistered);
    expect(onRegistered).not.toHaveBeenCalled();
    registered?.({ metadata: {}, context: {} });
    expect(onRegistered).toHaveBeenCalledWith(client);
  });

  it('still reports app.registered when it fired during init()', () => {
    const raw = sdkClient();
    const onRegistered = jest.fn();
    const client = connectZafClient(
      {
        init: (callback) => {
          callback?.({});
          return raw;
        },
      },
      onRegistered,
    );
    expect(onRegistered).toHaveBeenCalledTimes(1);
    expect(onRegistered).toHaveBeenCalledWith(client);
  });

  it('passes invoke and request through to the SDK client unchanged', async () => {
    const raw = sdkClient();
    const client = connectZafClient({ init: () => raw }, () => undefined)!;
    await client.invoke('resize', { width: '100%', height: '120px' });
    expect(raw.invoke).toHaveBeenCalledWith('resize', { width: '100%', height: '120px' });
  });
});
