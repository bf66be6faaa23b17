// A missing Cyrus or Courier fails the run with the one command that fetches them; it never skips.
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

describe('test server packages', () => {
  it('name the fetch command when the unpacked servers are missing', async () => {
    vi.stubEnv('H2H_TEST_SERVER_CACHE', tempDir());
    vi.resetModules();
    const { assertServerUnpacked, missingParts } = await import('./server-packages.js');
    for (const server of ['cyrus', 'courier'] as const) {
      expect(missingParts(server).length).toBeGreaterThan(0);
      expect(() => assertServerUnpacked(server)).toThrow(/is missing .*\n  sudo bash \S+fetch-servers\.sh$/);
    }
    vi.unstubAllEnvs();
  });

  it('find the servers the global setup started from', async () => {
    vi.resetModules();
    const { missingParts } = await import('./server-packages.js');
    expect(missingParts('cyrus')).toEqual([]);
    expect(missingParts('courier')).toEqual([]);
  });
});
