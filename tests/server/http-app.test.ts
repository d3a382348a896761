import { createHttpApp } from '../../src/server/http/app.js';

describe('createHttpApp', () => {
  it('starts without a Fastify deprecation warning', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = createHttpApp({ tokens: { agent: 'a'.repeat(32), automation: 'b'.repeat(32) }, logger: false });
      await app.ready();
      await app.close();
      const deprecations = emitWarning.mock.calls.filter((call) => JSON.stringify(call).includes('FSTDEP'));
      expect(deprecations).toEqual([]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
