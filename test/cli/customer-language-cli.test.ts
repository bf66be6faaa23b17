/**
 * The customer's language from the command line (issue 19): `h2h customers language` shows and sets
 * it, `h2h reply --language` writes one reply in another, and a reply to a machine's mail warns.
 */
import { describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;

async function shopWithLotte() {
  const f = fixture();
  const s = await servicesFor(f);
  await s.importer.import([
    input(rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Laarzen', id: '<l1@example.nl>', body: 'Hallo, ik heb vorige week laarzen besteld maar ze zijn nog niet aangekomen. Kunt u kijken waar ze zijn?' })),
    input(rawMessage({ from: 'Parcel Updates <noreply@courier.example>', to: shop, subject: 'Your parcel is on its way', id: '<c1@courier.example>', headers: 'Auto-Submitted: auto-generated', body: 'Your parcel 123 is on its way and will arrive tomorrow between 9 and 17.' })),
  ]);
  const all = await s.conversations.list('');
  return { f, lotte: all.find((c) => c.customer === 'lotte@example.nl')!.id, courier: (await s.conversations.list('is:automated'))[0].id };
}

describe('a customer\'s language on the command line', () => {
  it('shows the language read from their mail, sets it, and takes the setting back with auto', async () => {
    const { f } = await shopWithLotte();
    const shown = await runCli(['customers', 'language', 'Lotte@Example.nl'], { env: f.env });
    expect([shown.exitCode, shown.stdout]).toEqual([0, 'lotte@example.nl: nl (from their mail): Hoi Lotte, … Groetjes,\n']);
    const set = await runCli(['customers', 'language', 'lotte@example.nl', 'de', '--json'], { env: f.env });
    expect(JSON.parse(set.stdout)).toMatchObject({ email: 'lotte@example.nl', language: 'de', setByOwner: true, greeting: { line: 'Hallo Lotte,', signOff: 'Viele Grüße,', languageFrom: 'setting', warning: null } });
    const back = await runCli(['customers', 'language', 'lotte@example.nl', 'auto'], { env: f.env });
    expect(back.stdout).toBe('lotte@example.nl: nl (from their mail): Hoi Lotte, … Groetjes,\n');
  });

  it('shows the register replies to a customer are in, sets it for them, and gives back the shop\'s with auto', async () => {
    const { f } = await shopWithLotte();
    const shown = await runCli(['customers', 'register', 'Lotte@Example.nl'], { env: f.env });
    expect([shown.exitCode, shown.stdout]).toEqual([0, "lotte@example.nl: informal (the shop's): Hoi Lotte, … Groetjes,\n"]);
    const set = await runCli(['customers', 'register', 'lotte@example.nl', 'formal', '--json'], { env: f.env });
    expect(JSON.parse(set.stdout)).toMatchObject({ email: 'lotte@example.nl', register: 'formal', registerFrom: 'customer', greeting: { line: 'Beste Lotte,', signOff: 'Met vriendelijke groet,', register: 'formal' } });
    expect((await runCli(['customers', 'register', 'lotte@example.nl', 'auto'], { env: f.env })).stdout).toBe("lotte@example.nl: informal (the shop's): Hoi Lotte, … Groetjes,\n");
    for (const args of [['lotte@example.nl', 'posh'], ['lotte']]) {
      const r = await runCli(['customers', 'register', ...args], { env: f.env });
      expect([r.exitCode, r.stderr.trim().split('\n').length, r.stdout]).toEqual([2, 1, '']);
    }
  });

  it('refuses what is no language code or no address, with one line and exit 2', async () => {
    const { f } = await shopWithLotte();
    for (const args of [['lotte@example.nl', 'dutch'], ['lotte@example.nl', '../x'], ['lotte']]) {
      const r = await runCli(['customers', 'language', ...args], { env: f.env });
      expect([r.exitCode, r.stderr.trim().split('\n').length, r.stdout]).toEqual([2, 1, '']);
    }
    expect((await runCli(['customers', 'language', 'lotte@example.nl'], { env: f.env })).stdout).toContain('(from their mail)');
  });

  it('writes one reply in another language with --language, and warns when the mail came from a machine', async () => {
    const { f, lotte, courier } = await shopWithLotte();
    const english = await runCli(['reply', lotte, '--body-file', '-', '--language', 'en', '--json'], { env: f.env, stdin: 'They left today.\n' });
    expect(JSON.parse(english.stdout).draft.text).toBe('Hi Lotte,\n\nThey left today.\n\nBest wishes,\nRiitta Virtanen\n');
    expect((await runCli(['customers', 'language', 'lotte@example.nl'], { env: f.env })).stdout).toContain('nl (from their mail)');
    const bad = await runCli(['reply', lotte, '--body-file', '-', '--language', 'Dutch'], { env: f.env, stdin: 'x\n' });
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'h2h: --language: not a language code: "Dutch" (two letters, ISO 639-1: fi, sv, de, ja…)\n']);
    const machine = await runCli(['reply', courier, '--body-file', '-', '--json'], { env: f.env, stdin: 'Thanks.\n' });
    expect(JSON.parse(machine.stdout).draft.text.split('\n')[0]).toBe('Hello,');
    expect(machine.stderr).toBe('h2h: warning: this mail came from a machine (notification), not a person: it may not be a customer\n');
  });
});
