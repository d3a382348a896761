/**
 * Runs `test` on jest's fake timers and puts the real ones back however it ends, so a test of a polling part moves
 * the clock itself instead of sleeping and hoping a pass came (or did not).
 */
export async function onFakeTimers(test: () => Promise<void>): Promise<void> {
  jest.useFakeTimers();
  try {
    await test();
  } finally {
    jest.useRealTimers();
  }
}
