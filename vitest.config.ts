import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Real Dovecot (with and without TLS) and an SMTP sink for the whole run: see test/global-setup.ts.
    globalSetup: ['test/global-setup.ts'],
    // Tests spawn real h2h processes and real servers; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
