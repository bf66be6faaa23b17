import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { chainOf, keyContexts, keyLabel } from '../../src/tui/keys/keymap.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';
import { corpus } from '../helpers/corpus.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const clock = fixedClock('2026-11-10T12:00:00Z');

afterEach(() => cleanup());

async function shopServices() {
  const s = await servicesFor(fixture(), clock);
  await s.importer.import([
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Wrong size', id: '<a1@ex.com>', date: 'Mon, 09 Nov 2026 09:00:00 +0000', body: 'Hi,\n\nthe shoes are too small.\n\nAnna' })),
    input(rawMessage({ from: shop, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Wrong size', id: '<r1@shop.example>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Mon, 09 Nov 2026 10:00:00 +0000', body: 'Hi Anna,\n\nsend them back.\n\n> the shoes are too small.\n\nRiitta' })),
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Colour question', id: '<a2@ex.com>', date: 'Tue, 10 Nov 2026 08:00:00 +0000' })),
    input(rawMessage({ from: '田中 優希 <yuki@ex.jp>', to: shop, subject: '注文した靴がまだ届きません', id: '<y1@ex.jp>', date: 'Tue, 10 Nov 2026 09:00:00 +0000' })),
  ]);
  await s.conversations.addCustomerNote('anna@ex.com', 'Prefers email, size 38');
  return s;
}

describe('TUI', () => {
  it('shows the inbox: customer, subject, waiting time, unread marks, wide characters aligned', async () => {
    const s = await shopServices();
    const t = renderTui(s);
    await t.waitFor('2 conversations');
    const lines = t.frame().split('\n');
    const yuki = lines.find((l) => l.includes('田中 優希'))!;
    const anna = lines.find((l) => l.includes('Colour question'))!;
    expect(yuki).toContain('●');
    expect(yuki.trimEnd()).toMatch(/3h$/);
    expect(anna.trimEnd()).toMatch(/4h$/);
    // Same display width: the CJK row's columns line up with the others.
    const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u3000-\u9fff\uac00-\ud7af]/.test(ch) ? 2 : 1), 0);
    expect(width(yuki.trimEnd())).toBe(width(anna.trimEnd()));
    // The one where the shop spoke last is in Waiting.
    t.press('2');
    await t.waitFor('Wrong size');
    expect(t.frame()).toContain('1 conversation ');
  });

  it('opens a conversation with the customer pane: history, notes, both sides, quotes folded', async () => {
    const s = await shopServices();
    const t = renderTui(s, { columns: 100, rows: 30 });
    await t.waitFor('Colour question');
    t.press('5');
    await t.waitFor('Wrong size');
    const index = t.frame().split('\n').slice(1).findIndex((l) => l.includes('Wrong size'));
    t.press(`${'j'.repeat(index)}${keys.enter}`);
    await t.waitFor('1st conversation, customer since 2026');
    const f = t.frame();
    expect(f).toContain('★ about Anna Virtanen');
    expect(f).toContain('Prefers email, size 38');
    expect(f).toContain('1  2026-11-10  open');
    expect(f).toContain('← Anna Virtanen <anna@ex.com>');
    expect(f).toContain('→ Riitta Virtanen <riitta@shop.example> (you)');
    expect(f).toContain('[… 1 quoted line: T shows them]');
    t.press('T');
    await t.waitFor('> the shoes are too small.');
    t.press('1');
    await t.waitFor('Colour question');
    t.press('q');
    await t.waitFor('Wrong size');
    t.press('q');
    await t.waitFor(/1 Open .*\[5 All\]/);
  });

  it('tags from the keyboard with completion, and the tag is in the store', async () => {
    const s = await shopServices();
    await s.conversations.tag([(await s.conversations.list('subject:colour'))[0].id], ['refund'], []);
    const t = renderTui(s);
    await t.waitFor('田中');
    const row = t.frame().split('\n').slice(1).findIndex((l) => l.includes('田中'));
    t.press(`${'j'.repeat(row)}tre${keys.tab}`);
    await t.waitFor('tags +add -remove: refund');
    t.press(`vip${keys.enter}`);
    await t.waitFor('tagged +refund +vip · U undoes');
    const [yuki] = await s.conversations.list('from:yuki');
    expect(yuki.tags).toEqual(['refund', 'vip']);
    t.press('U');
    await t.waitFor('undone: tag +refund +vip');
    expect((await s.conversations.get(yuki.id)).tags).toEqual([]);
  });

  it('closes several marked conversations after a yes', async () => {
    const s = await shopServices();
    const t = renderTui(s);
    await t.waitFor('2 conversations');
    t.press('xxc');
    await t.waitFor('Close 2 marked conversations? (y/n)');
    t.press('y');
    await t.waitFor('closed (2 conversations)');
    expect(await s.conversations.list('status:open')).toEqual([]);
  });

  it('filters with the query language and shows the match count; a bad query stays in its prompt with a caret under it; the prompt keeps a history', async () => {
    const s = await shopServices();
    const t = renderTui(s);
    await t.waitFor('2 conversations');
    t.press(`/from:yuki${keys.enter}`);
    await t.waitFor('1 match ');
    t.press(`/ (${keys.enter}`); // the prompt starts with the current filter
    // Refused in the prompt, as typed, with a caret under where it went wrong; the list as it was.
    await t.waitFor('^ the query ends where a term was expected');
    const lines = t.frame().split('\n');
    const prompt = lines.findIndex((l) => l.startsWith('filter: from:yuki ('));
    expect(prompt).toBeGreaterThan(0);
    expect(lines[prompt + 1].indexOf('^')).toBe('filter: from:yuki ('.length);
    expect(t.frame()).toContain('1 match · /from:yuki');
    // Mended in place: the text is still there to fix.
    t.press(keys.backspace);
    await t.waitFor('tag:refund from:anna'); // the caret goes with the first edit: the usual hint is back
    t.press(keys.backspace);
    await t.waitFor(/filter: from:yuki\s*\n/);
    t.press(keys.enter);
    await vi.waitFor(() => expect(t.frame()).not.toContain('filter:'));
    expect(t.frame()).toContain('1 match · /from:yuki');
    // The prompt keeps a history: up brings back what was entered, down what was being typed.
    t.press('/\x15status:open');
    await t.waitFor('filter: status:open');
    t.press(keys.up);
    await t.waitFor(/filter: from:yuki\s/);
    t.press(keys.down);
    await t.waitFor('filter: status:open');
  });

  // What an owner must find on the first page of help, written out by hand (not taken from the
  // keymap or the code that draws the help): a key, then what it does, on one line.
  const firstPage = {
    inbox: [['j ↓', 'next conversation'], ['Enter', 'open'], ['/', 'filter with a query'], ['x Space', 'mark for bulk triage'], ['r', 'reply'], ['c', 'close'], ['s W', 'snooze / promise by'], ['U', 'undo send / triage'], ['?', 'this help'], ['$', 'sync now'], ['q', 'quit'], ['C-c', 'quit (anywhere)']],
    conversation: [['n p', 'next / prev message'], ['T', 'show / fold quotes'], ['H', "customer's history"], ['r', 'reply'], ['a', 'note on conversation'], ['q Esc', 'back'], ['?', 'this help']],
  } as const;
  /** The help with the texts that hold "…" themselves taken out. */
  const withoutOwnEllipses = (frame: string) => {
    let out = frame;
    for (const context of keyContexts) for (const b of defaultKeymap[context]) for (const part of (b.group ?? b.help).split(/\s+/)) if (part.includes('…')) out = out.replaceAll(part, '');
    return out;
  };
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it.each(['inbox', 'conversation'] as const)('shows the %s\'s keys on the first page of help at 80x24, and every key of the screen, nothing cut', async (screen) => {
    const t = renderTui(await shopServices());
    await t.waitFor('2 conversations');
    if (screen === 'conversation') {
      t.press(keys.enter);
      await t.waitFor('conversation, customer since');
    }
    t.press('?');
    await t.waitFor('Keys here');
    const f = t.frame();
    const lines = f.split('\n');
    for (const [key, text] of firstPage[screen]) expect(f, `${key}: ${text}`).toMatch(new RegExp(`(^|\\s)${escaped(key)}\\s+${escaped(text)}`, 'm'));
    // Every binding of the screen's contexts, from the keymap's table (the data, not the help's code).
    for (const context of chainOf(screen)) {
      for (const b of defaultKeymap[context]) {
        const text = (b.group ?? b.help).split(' ')[0];
        expect(lines.some((l) => l.includes(` ${text}`)), `${context}: ${b.group ?? b.help}`).toBe(true);
      }
    }
    expect(lines.length).toBeLessThanOrEqual(23);
    // Nothing cut: no line wider than the terminal, no text ended short with "…" (but texts that
    // hold one themselves: "views (open … all)").
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(79);
    expect(withoutOwnEllipses(f)).not.toContain('…');
  });

  it('at 60x20 the help is one column, scrolls with j to its last line, and cuts nothing', async () => {
    const t = renderTui(await shopServices(), { columns: 60, rows: 20 });
    await t.waitFor('2 conversations');
    t.press('?');
    await t.waitFor('Keys here');
    const seen = new Set<string>();
    // The last context in the help is the help's own: its close key is the last line.
    for (let i = 0; i < 200 && !t.frame().includes('close the help'); i++) {
      for (const l of t.frame().split('\n')) seen.add(l);
      t.press('j');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await t.waitFor('close the help');
    for (const l of t.frame().split('\n')) seen.add(l);
    for (const l of seen) expect(l.length, l).toBeLessThanOrEqual(59);
    expect(withoutOwnEllipses([...seen].join('\n'))).not.toContain('…');
    expect([...seen].some((l) => /j ↓\s+next conversation/.test(l))).toBe(true);
  });

  it('refuses an empty reply (r, Esc, y) and keeps the composer; asks before sending a {{placeholder}}', async () => {
    const s = await shopServices();
    const t = renderTui(s, { columns: 100, rows: 30 });
    await t.waitFor('Colour question');
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    t.press('y');
    await t.waitFor('the reply is empty');
    expect(t.frame()).toContain('Reply — review');
    expect(await s.replies!.outbox()).toEqual([]);
    // Words in, and a snippet variable left unfilled: asked, and no answers nothing.
    await t.writeReply('Your size is {{customer.size}}.', 'e');
    t.press('y');
    await t.waitFor('still holds {{customer.size}}: send it as it is? (y/n)');
    t.press('n');
    await t.waitFor('cancelled');
    expect(await s.replies!.outbox()).toEqual([]);
    t.press('y');
    await t.waitFor('send it as it is?');
    t.press('y');
    await t.waitFor('U takes it back');
    expect((await s.replies!.outbox()).map((e) => e.status)).toEqual(['queued']);
  });

  it('marks a conversation whose reply is saved as a draft (✎), and unmarks it when the draft goes', async () => {
    const s = await shopServices();
    const t = renderTui(s, { columns: 100, rows: 30 });
    await t.waitFor('Colour question');
    expect(t.frame()).not.toContain('✎');
    await t.writeReply('Let me check');
    t.press('s');
    await t.waitFor('draft saved');
    await t.waitFor(/✎ \S/);
    const row = t.frame().split('\n').find((l) => l.includes('✎'))!;
    expect(row).toContain(t.frame().split('\n').find((l) => l.startsWith('›'))!.slice(2, 12));
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    t.press('d');
    t.press('y');
    await t.waitFor('reply discarded');
    await vi.waitFor(() => expect(t.frame()).not.toContain('✎'));
  });

  it('says in the review how much of a long reply is off screen, and scrolls to it', async () => {
    const s = await shopServices();
    const t = renderTui(s, { columns: 80, rows: 24 });
    await t.waitFor('Colour question');
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press(Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\r'));
    t.press(keys.escape);
    await t.waitFor('more:');
    const first = t.frame();
    const below = Number(/↓ (\d+) more/.exec(first)?.[1]);
    expect(below).toBeGreaterThan(20);
    expect(first).not.toContain('line 40');
    t.press('G');
    await t.waitFor('line 40');
    const last = t.frame();
    expect(last).not.toContain('more:');
    expect(last).toMatch(new RegExp(`↑ ${below}\\b`));
  });

  // Colour off: every ESC left in the raw frames would have come from mail (none may). Colour on:
  // h2h's own SGR only (bold, dim, italic, underline, inverse, colours, and their resets), never
  // SGR 8 (hidden text) nor any other sequence; mail's own shown as visible text in both.
  const ownSgr = /\x1b\[((?:0|1|2|3|4|7|22|23|24|27|3[0-79]|9[0-7]|38;[25](?:;\d+)+)(?:;(?:0|1|2|3|4|7|22|23|24|27|3[0-79]|9[0-7]|38;[25](?:;\d+)+))*)?m/g;
  it.each([0, 3] as const)('never writes escape sequences or control characters from mail to the terminal (colour level %i)', async (colour) => {
    const level = chalk.level;
    chalk.level = colour;
    onTestFinished(() => void (chalk.level = level));
    const s = await servicesFor(fixture(), clock);
    const dir = corpus('mime', 'real-world-ltp-list');
    const hostile = readdirSync(dir).filter((n) => n.startsWith('ltp-esc-')).map((n) => input(readFileSync(join(dir, n)), n));
    const osc52 = '\x1b]52;c;ZXZpbA==\x07';
    hostile.push(
      input(
        rawMessage({
          from: `"Eve\x1b[2J\x1b]0;pwned\x07" <eve@ex.com>`,
          to: shop,
          subject: `=?utf-8?B?${Buffer.from(`Refund ${osc52}\x9b31m now`).toString('base64')}?=`,
          id: '<eve@ex.com>',
          // Hidden text (SGR 8), a hyperlink (OSC 8), a clipboard write (OSC 52), DCS, leaving the screen.
          body: `Click \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\ \x1bP+q\x1b\\ \x1b[?1049l \x1b[8mhidden\x1b[0m ${osc52}`,
        }),
      ),
    );
    // An attachment whose type and name carry escapes.
    hostile.push(
      input(
        Buffer.from(
          [
            'From: Mallory <mallory@ex.com>',
            `To: ${shop}`,
            'Subject: Invoice attached',
            'Message-ID: <mallory@ex.com>',
            'Date: Mon, 09 Nov 2026 09:00:00 +0000',
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="b"',
            '',
            '--b',
            'Content-Type: text/plain',
            '',
            'See attached.',
            '--b',
            'Content-Type: application/x\x1b[2Jevil; name="inv\x1b]0;x\x07.pdf"',
            'Content-Disposition: attachment; filename="inv\x1b]0;x\x07.pdf"',
            '',
            'AAAA',
            '--b--',
            '',
          ].join('\r\n'),
        ),
      ),
    );
    await s.importer.import(hostile);
    const t = renderTui(s, { columns: 100, rows: 30 });
    await t.waitFor('conversations');
    t.press('5');
    await t.waitFor(/5 All .*conversations/);
    const frames: string[] = [t.raw()];
    const total = (await s.conversations.list('')).length;
    for (let i = 0; i < total; i++) {
      t.press(keys.enter);
      await vi.waitFor(() => expect(t.frame()).toMatch(/ (open|waiting|closed|snoozed) {2}/));
      frames.push(t.raw());
      t.press(`G`);
      // The bottom, once it is drawn: the title says "end" there.
      await vi.waitFor(() => expect(t.frame().split('\n')[0]).toMatch(/ end$/));
      frames.push(t.raw());
      t.press('Tq');
      await t.waitFor(/5 All/);
      t.press('j');
    }
    // The raw frames as written, nothing stripped: no ESC (not even SGR, so mail's ESC[8m cannot hide
    // text), no other C0 or C1 control but newline.
    if (colour > 0) expect(frames.join('\n')).toMatch(ownSgr);
    for (const f of frames) expect(colour > 0 ? f.replace(ownSgr, '') : f).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    // What the hostile message tried is shown, visibly, as text.
    const shown = frames.join('\n').replace(ownSgr, '');
    expect(shown).toContain('Refund ␛]52;c;ZXZpbA==␇⍰31m now');
    expect(shown).toContain('Click ␛]8;;https://evil.example␛\\here');
    expect(shown).toContain('␛[8mhidden␛[0m ␛]52;c;ZXZpbA==␇');
    expect(shown).toMatch(/📎 1  inv␛\]0;x␇\.pdf/);
  });
});
