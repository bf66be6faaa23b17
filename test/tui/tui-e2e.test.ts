/**
 * The real `h2h` in a real pseudo-terminal (tmux), as a new user would try it: the demo opens, keys
 * move and open, a tag typed in the TUI is in the store afterwards (read back with `h2h list --json`),
 * `?` shows every key, q returns and finally quits with status 0. And a hostile message cannot change
 * the terminal's title, reach the clipboard, leave the alternate screen or move the cursor.
 */
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { chainOf, keyLabel } from '../../src/tui/keys/keymap.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';
import { corpus } from '../helpers/corpus.js';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exchange, syncFixture } from '../helpers/sync-fixture.js';
import { appendMessages, fetchFlags } from '../mail-harness/mailbox.js';

const open: TmuxSession[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.kill();
});

function home() {
  const root = tempDir();
  return { HOME: root, XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') };
}

function startDemo(env: Record<string, string>, columns: number, rows: number): TmuxSession {
  const session = TmuxSession.start([process.execPath, h2hBin, 'demo'], { columns, rows, env });
  open.push(session);
  return session;
}

describe('h2h demo in a terminal', () => {
  it.each([
    [100, 30],
    [80, 24],
  ])('at %ix%i: j/k and Enter open a conversation, t tags it (in the store afterwards), ? shows every key, q quits with 0', async (columns, rows) => {
    const env = home();
    const tty = startDemo(env, columns, rows);
    await tty.waitFor(/\d+ conversations/);
    tty.type('jjk');
    tty.press('Enter');
    const opened = await tty.waitFor(/(1st|2nd|3rd|\d+th) conversation, customer since \d{4}/);
    const id = /messages? · ([0-9a-z]{8})/.exec(opened)?.[1];
    expect(id).toBeDefined();
    tty.type('t');
    await tty.waitFor('tags +add -remove:');
    tty.type('vip');
    tty.press('Enter');
    await tty.waitFor('tagged +vip · U undoes');
    tty.type('?');
    const help = await tty.waitFor('Keys here, then elsewhere');
    for (const context of chainOf('conversation')) for (const b of defaultKeymap[context]) for (const key of b.keys) expect(help).toContain(/^\d$/.test(key) ? '1-9' : keyLabel(key));
    tty.type('q');
    await tty.waitFor('j scroll');
    tty.type('q');
    await tty.waitFor('j move');
    tty.type('q');
    expect(await tty.exitStatus()).toBe(0);

    // The demo keeps its own data folder; the tag is in it, read by a plain `h2h list`.
    const listed = await spawnCli(['--data-dir', join(env.XDG_DATA_HOME, 'h2h-demo', 'data'), 'list', 'tag:vip', '--json'], { env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((c) => c.id)).toEqual([id]);
  });

  it("v opens a customer's photo with the owner's opener, from a private copy that is gone once h2h quits", async () => {
    const env = home();
    const runtime = tempDir();
    const record = join(runtime, 'opened.txt');
    const opener = join(runtime, 'opener.sh');
    writeFileSync(opener, `#!/bin/sh\ncp "$1" "${record}.bytes"\nprintf '%s' "$1" > "${record}.tmp" && mv "${record}.tmp" "${record}"\n`);
    chmodSync(opener, 0o755);
    const tty = startDemo({ ...env, H2H_OPENER: opener, XDG_RUNTIME_DIR: runtime }, 100, 30);
    await tty.waitFor(/\d+ conversations/);
    tty.type('/');
    tty.type('mark.thompson');
    tty.press('Enter');
    await tty.waitFor(/1 match/);
    tty.press('Enter');
    const shown = await tty.waitFor(/📎 1 {2}boot-sole\.jpg/);
    const id = /messages? · ([0-9a-z]{8})/.exec(shown)?.[1];
    tty.type('v');
    await vi.waitFor(() => expect(readdirSync(runtime)).toContain('opened.txt'), { timeout: 15_000, interval: 50 });
    const path = readFileSync(record, 'utf8');
    expect(path.startsWith(join(runtime, 'h2h-attachments-'))).toBe(true);
    // The bytes the opener got are the attachment's, as `h2h attachments` saves it.
    const saved = await spawnCli(['--demo', 'attachments', id!, '1', '--save', join(runtime, 'saved'), '--json'], { env });
    const [{ path: savedPath }] = JSON.parse(saved.stdout) as { path: string }[];
    expect(readFileSync(`${record}.bytes`)).toEqual(readFileSync(savedPath));
    await tty.waitFor('opening boot-sole.jpg with');
    tty.type('q');
    await tty.waitFor('j move');
    tty.type('q');
    expect(await tty.exitStatus()).toBe(0);
    expect(readdirSync(runtime).filter((n) => n.startsWith('h2h-attachments-'))).toEqual([]);
  });

  it('honours NO_COLOR: no colour on screen, and the cursor still shows', async () => {
    const env = home();
    const tty = startDemo({ ...env, NO_COLOR: '1' }, 100, 30);
    await tty.waitFor(/\d+ conversations/);
    const styled = tty.tmux('capture-pane', '-e', '-p', '-t', 'main');
    // SGR with a colour (30-37, 38;…, 40-47, 48;…, 90-97, 100-107): none.
    expect(styled).not.toMatch(/\x1b\[[0-9;]*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/);
    expect(tty.screen().split('\n')[1]).toMatch(/^›/);
  });

  it('at 80x24: a hostile message cannot set the title, reach the clipboard, leave the screen or move the cursor', async () => {
    const env = home();
    // The demo store, then hostile mail imported into it: the corpus' escape-laden list mail and one written to attack.
    expect((await spawnCli(['--demo', 'list', '--json'], { env })).code).toBe(0);
    const dir = corpus('mime', 'real-world-ltp-list');
    const files = readdirSync(dir).filter((n) => n.startsWith('ltp-esc-')).map((n) => join(dir, n));
    const eve = join(tempDir(), 'eve.eml');
    const attack = 'Click \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\ \x1b]52;c;ZXZpbA==\x07 \x1b]0;pwned\x07 \x1b[2J\x1b[H \x1b[?1049l \x1bP+q\x1b\\ \x9b31m';
    writeFileSync(eve, [
      'From: Eve <eve@evil.example>',
      'To: Riitta Virtanen <riitta@shop.example>',
      `Subject: =?utf-8?B?${Buffer.from('Refund \x1b]0;owned\x07 now').toString('base64')}?=`,
      'Message-ID: <eve@evil.example>',
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      attack,
      '',
    ].join('\r\n'));
    expect((await spawnCli(['--demo', 'import', ...files, eve], { env })).code).toBe(0);

    const tty = startDemo(env, 80, 24);
    const title = tty.format('#{pane_title}');
    await tty.waitFor(/\d+ conversations/);
    tty.type('/from:eve');
    tty.press('Enter');
    await tty.waitFor('1 match');
    tty.press('Enter');
    const screen = await tty.waitFor('Click ␛]8;;https://evil.example');
    const lines = screen.split('\n');
    // The frame is where h2h put it: title bar first, status line last, nothing cleared or moved.
    expect(lines[0]).toContain('Refund ␛]0;owned␇ now');
    expect(lines[22]).toContain('local store');
    expect(tty.format('#{pane_title}')).toBe(title);
    expect(tty.format('#{alternate_on}')).toBe('1');
    expect(tty.tmux('list-buffers')).toBe('');
    // Every hostile list message opens and scrolls without touching the terminal either.
    tty.type('q');
    await tty.waitFor('j move');
    // A lone Esc followed at once by more keys reads as Alt+key: let it land first.
    tty.press('Escape');
    await tty.waitFor(/\d+ conversations/);
    tty.type('5/');
    tty.type('subject:LTP');
    tty.press('Enter');
    await tty.waitFor(/\d+ match/);
    for (let i = 0; i < files.length; i++) {
      tty.press('Enter');
      await tty.waitFor(/ (open|waiting|closed|snoozed) {2}/);
      tty.type('GTgq');
      await tty.waitFor('j move');
      tty.type('j');
    }
    expect(tty.format('#{pane_title}')).toBe(title);
    expect(tty.format('#{alternate_on}')).toBe('1');
    expect(tty.tmux('list-buffers')).toBe('');
    tty.type('q');
    expect(await tty.exitStatus()).toBe(0);
  });

  it('with a mail account: live on the server, new mail shown, a read mark sent back at once, and q still quits at once with 0', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(1, false).question]);
    const tty = TmuxSession.start([process.execPath, h2hBin], { columns: 100, rows: 30, env: { ...home(), ...f.env } });
    open.push(tty);
    await tty.waitFor('Order 1001');
    await tty.waitFor('● live');
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(2, false).question]);
    await tty.waitFor('Order 1002');
    // Reading one here marks it read on the server: the sync (on its own thread) is told at once.
    const seen = async () => [...(await fetchFlags(dovecot, f.user, 'INBOX')).values()].filter((flags) => flags.has('\\Seen')).length;
    expect(await seen()).toBe(0);
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    await vi.waitFor(async () => expect(await seen()).toBe(1), { timeout: 10_000, interval: 100 });
    tty.type('q');
    await tty.waitFor('Order 1001');
    tty.type('q');
    // The IMAP connection and the IDLE wait end with the TUI: nothing keeps the process alive.
    expect(await tty.exitStatus(5000)).toBe(0);
  });

  it('with a wrong password: offline with the reason and when it tries again, the password nowhere; fixed, $ is live again without a restart', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    // The password comes from a command (as from a password manager), which gives a wrong one first.
    const secret = join(f.root, 'secret.txt');
    writeFileSync(secret, 'not-the-password\n', { mode: 0o600 });
    const config = JSON.parse(readFileSync(f.configFile, 'utf8'));
    config.account.imap.passwordCommand = `cat '${secret}'`;
    writeFileSync(f.configFile, JSON.stringify(config), { mode: 0o600 });
    const env = { ...home(), H2H_CONFIG: f.env.H2H_CONFIG, H2H_DATA_DIR: f.env.H2H_DATA_DIR };
    const tty = TmuxSession.start([process.execPath, h2hBin], { columns: 100, rows: 30, env });
    open.push(tty);
    // The sync's thread reports the refusal; the TUI stays usable on the local store.
    const screen = await tty.waitFor(/✕ offline \(.*refused the login.*\) · again (in \S+|soon) \(\$ now\)/);
    expect(screen).not.toContain('not-the-password');
    // The owner fixes the password; $ tries at once, and the TUI is live, still open.
    writeFileSync(secret, `${f.user.password}\n`);
    tty.type('$');
    const live = await tty.waitFor(/● live · last sync \d\d:\d\d/);
    expect(live).not.toContain('offline');
    tty.type('q');
    expect(await tty.exitStatus(5000)).toBe(0);
  });

  it('keeps a reply being written when h2h is killed (kill -9), and reopens it', async () => {
    const env = home();
    const tty = startDemo(env, 100, 30);
    await tty.waitFor(/\d+ conversations/);
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    tty.type('r');
    await tty.waitFor('Reply — writing');
    tty.type('Half a thought, still typing');
    const state = join(env.XDG_DATA_HOME, 'h2h-demo', 'data', 'owner.json');
    // Saved as typed: wait until the store has it, then kill without warning.
    await vi.waitFor(() => expect(readFileSync(state, 'utf8')).toContain('Half a thought, still typing'), { timeout: 10_000, interval: 50 });
    process.kill(Number(tty.format('#{pane_pid}')), 'SIGKILL');
    // The pane is dead once the killed h2h is gone (its pid may linger a moment as a zombie).
    await tty.exitStatus();
    tty.respawn([process.execPath, h2hBin, 'demo'], env);
    await tty.waitFor(/\d+ conversations/);
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    tty.type('r');
    const reopened = await tty.waitFor('your saved draft');
    expect(reopened).toContain('Half a thought, still typing');
  });

  it('writes replies in $EDITOR when it is set: r opens it, the review shows what was written, e opens it again', async () => {
    const env = home();
    const editor = join(env.HOME, 'editor.sh');
    // An "editor" that adds a line to the file it is given, as a person would, and exits.
    writeFileSync(editor, '#!/bin/sh\nprintf "Written in the editor.\\n" >> "$1"\n');
    chmodSync(editor, 0o755);
    const tty = startDemo({ ...env, EDITOR: editor }, 100, 30);
    await tty.waitFor(/\d+ conversations/);
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    tty.type('r');
    const review = await tty.waitFor('Reply — review');
    expect(review).toContain('Written in the editor.');
    expect(review).toMatch(/Subject: Re: /);
    tty.type('e');
    await vi.waitFor(() => expect(tty.screen().match(/Written in the editor\./g)).toHaveLength(2), { timeout: 10_000, interval: 50 });
    tty.type('s');
    await tty.waitFor('draft saved');
    const state = readFileSync(join(env.XDG_DATA_HOME, 'h2h-demo', 'data', 'owner.json'), 'utf8');
    expect(state.match(/Written in the editor\./g)).toHaveLength(2);
  });
});
