/**
 * v on an attached message (a forwarded mail, message/rfc822) reads it in the TUI as a message: its
 * header fields and text over the screen, scrolled and closed with the help's keys; no other
 * program is started, and what came in the mail reaches the terminal only made safe.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys, renderTui } from '../helpers/render-tui.js';
import { agent, fixture, fixedClock, servicesFor } from '../helpers/store-fixture.js';
import { spawnCli } from '../helpers/spawn-cli.js';

afterEach(() => cleanup());

const forwarded = [
  'From: Courier Claims <claims@courier.example>',
  'To: Zoe <zoe@ex.com>',
  'Subject: Claim 77 \u001b]0;owned\u0007opened',
  'Date: Sun, 01 Nov 2026 08:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Your claim 77 is opened; the refund follows in 5 days.',
].join('\r\n');

const mail = [
  'From: Zoe <zoe@ex.com>',
  `To: ${agent.name} <${agent.email}>`,
  'Subject: Broken parcel',
  'Message-ID: <m1@ex.com>',
  'Date: Mon, 02 Nov 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="n"',
  '',
  '--n',
  'Content-Type: text/plain; charset=utf-8',
  '',
  "The courier's answer is attached.",
  '--n',
  'Content-Type: message/rfc822',
  'Content-Disposition: attachment; filename="courier.eml"',
  '',
  forwarded,
  '--n--',
  '',
].join('\r\n');

describe('v on an attached message', () => {
  it('shows it as a message, made safe, without any other program; q closes it', async () => {
    const f = fixture();
    writeFileSync(join(f.root, 'a.eml'), mail);
    expect((await spawnCli(['import', join(f.root, 'a.eml')], { env: f.env })).code).toBe(0);
    const services = await servicesFor(f, fixedClock('2026-11-03T10:00:00Z'));
    const viewer = { openerFor: () => ({ label: 'stub' }), open: vi.fn(), pipe: vi.fn() };
    const t = renderTui({ conversations: services.conversations, attachments: services.attachments, viewer: viewer as never, sync: null, clock: fixedClock('2026-11-03T10:00:00Z') }, { columns: 100, rows: 30 });
    await t.waitFor('Broken parcel');
    t.press(keys.enter);
    await t.waitFor('courier.eml');
    t.press('v');
    await t.waitFor('Attachment 1, a message: courier.eml');
    const page = t.frame();
    expect(page).toContain('From: Courier Claims <claims@courier.example>');
    expect(page).toContain('Your claim 77 is opened; the refund follows in 5 days.');
    expect(page).toMatch(/Subject: Claim 77 .*opened/);
    expect(t.raw()).not.toContain('\u001b]0;');
    expect(viewer.open).not.toHaveBeenCalled();
    t.press('q');
    await vi.waitFor(() => expect(t.frame()).not.toContain('Attachment 1, a message'));
    expect(t.frame()).toContain("The courier's answer is attached.");
  });
});
