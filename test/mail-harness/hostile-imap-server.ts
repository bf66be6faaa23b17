/**
 * A small scripted IMAP server on loopback (node:net, clear text) that misbehaves on purpose, for the
 * hardening suite: FETCH answers without a body, unsolicited FETCHes for UIDs never asked for,
 * literals far larger than announced, endless untagged streams, silence after LOGIN, garbage lines.
 * It speaks just enough IMAP4rev1 for imapflow and h2h's sync: LOGIN, LIST, SELECT, UID SEARCH,
 * UID FETCH, UID STORE, STATUS, NOOP, LOGOUT. Everything else is answered BAD.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type BodyAnswer =
  /** The message as a literal, as a good server sends it. */
  | 'ok'
  /** `BODY[] NIL`. */
  | 'nil'
  /** A FETCH line imapflow cannot parse (an unbalanced quote). */
  | 'unparsable'
  /** A literal announced as `bytes` and streamed until the client hangs up. */
  | { stream: number };

export type Script = {
  /** Messages of INBOX by UID (Sent exists and is empty). */
  inbox: Map<number, Buffer>;
  /** UIDNEXT as SELECT announces it. @default highest UID + 1 */
  uidNext?: () => number;
  /** How a body FETCH answers for a UID; `attempt` counts the body FETCHes of that UID (1 = first). */
  body?: (uid: number, attempt: number) => BodyAnswer;
  /** RFC822.SIZE announced for a UID. @default its real size */
  size?: (uid: number) => number;
  /** Extra FETCH responses sent in every body FETCH answer, for UIDs nobody asked for. */
  strayUids?: number[];
  /** After which command (LIST, SELECT, SEARCH, FETCH) the server sends untagged lines forever. */
  endlessAfter?: string;
  /** Answers LOGIN, then never says anything again. */
  silentAfterLogin?: boolean;
  /** Garbage lines (control bytes, broken syntax) before every tagged answer. */
  garbage?: boolean;
};

export type HostileServer = { port: number; commands: string[]; close(): Promise<void> };

export async function startHostileServer(script: Script): Promise<HostileServer> {
  const commands: string[] = [];
  const attempts = new Map<number, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setMaxListeners(0); // each wait for 'drain' also listens for 'close'
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let silent = false;
    let selected: Map<number, Buffer> | undefined;
    let buffer = '';
    const send = (text: string | Buffer) => !socket.destroyed && socket.write(text);
    const forever = async (line: string) => {
      silent = true;
      while (!socket.destroyed) if (!send(line)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    };
    send('* OK [CAPABILITY IMAP4rev1 UIDPLUS] hostile test server ready\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!silent) void answer(line);
      }
    });

    async function answer(line: string) {
      const [tag, ...rest] = line.split(' ');
      let command = (rest[0] ?? '').toUpperCase();
      let args = rest.slice(1).join(' ');
      if (command === 'UID') {
        command = (rest[1] ?? '').toUpperCase();
        args = rest.slice(2).join(' ');
      }
      commands.push(`${command} ${args}`.trim());
      const ok = (text = 'done') => {
        if (script.garbage) send(`* \x01\x1b[31mgarbage\x07 (((\r\n)))) "unterminated\r\n* 7 FETCH (UID\r\n`);
        send(`${tag} OK ${text}\r\n`);
      };
      switch (command) {
        case 'CAPABILITY':
          send('* CAPABILITY IMAP4rev1 UIDPLUS\r\n');
          return ok();
        case 'LOGIN':
          send(`${tag} OK [CAPABILITY IMAP4rev1 UIDPLUS] logged in\r\n`);
          if (script.silentAfterLogin) silent = true;
          return;
        case 'LIST':
        case 'LSUB':
          send(`* ${command} (\\HasNoChildren) "/" INBOX\r\n* ${command} (\\HasNoChildren \\Sent) "/" Sent\r\n`);
          if (script.endlessAfter === 'LIST') return forever(`* ${command} (\\HasNoChildren) "/" Endless\r\n`);
          return ok();
        case 'SELECT':
        case 'EXAMINE': {
          selected = /inbox/i.test(args) ? script.inbox : new Map();
          const top = Math.max(0, ...selected.keys());
          send(`* ${selected.size} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n`);
          send(`* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)] ok\r\n* OK [UIDVALIDITY 7] ok\r\n`);
          send(`* OK [UIDNEXT ${selected === script.inbox && script.uidNext ? script.uidNext() : top + 1}] ok\r\n`);
          if (script.endlessAfter === 'SELECT') return forever('* OK still selecting\r\n');
          return ok('[READ-WRITE] selected');
        }
        case 'SEARCH': {
          const uids = uidsIn(args.replace(/^UID /i, ''), selected ?? new Map());
          if (script.endlessAfter === 'SEARCH') return forever('* OK still searching\r\n');
          send(`* SEARCH${uids.map((u) => ` ${u}`).join('')}\r\n`);
          return ok();
        }
        case 'FETCH':
          await fetch(args);
          if (!socket.destroyed && !silent) ok();
          return;
        case 'STORE':
        case 'NOOP':
        case 'ENABLE':
        case 'CHECK':
          return ok();
        case 'STATUS':
          send(`* STATUS INBOX (MESSAGES ${script.inbox.size} UIDNEXT ${Math.max(0, ...script.inbox.keys()) + 1} UIDVALIDITY 7)\r\n`);
          return ok();
        case 'LOGOUT':
          send('* BYE bye\r\n');
          ok();
          return void socket.end();
        default:
          return void send(`${tag} BAD unknown command\r\n`);
      }
    }

    async function fetch(args: string) {
      const box = selected ?? new Map<number, Buffer>();
      const [set, ...itemWords] = args.split(' ');
      const items = itemWords.join(' ').toUpperCase();
      const seqOf = (uid: number) => [...box.keys()].sort((a, b) => a - b).indexOf(uid) + 1 || 1;
      for (const uid of uidsIn(set, box)) {
        const raw = box.get(uid)!;
        const head = `* ${seqOf(uid)} FETCH (UID ${uid}`;
        if (!items.includes('BODY')) {
          const parts = [items.includes('RFC822.SIZE') ? ` RFC822.SIZE ${script.size?.(uid) ?? raw.length}` : '', items.includes('FLAGS') ? ' FLAGS ()' : ''];
          send(`${head}${parts.join('')})\r\n`);
          continue;
        }
        const attempt = (attempts.get(uid) ?? 0) + 1;
        attempts.set(uid, attempt);
        const how = script.body?.(uid, attempt) ?? 'ok';
        const meta = `${head} FLAGS () INTERNALDATE "05-Dec-2026 08:00:00 +0000"`;
        if (how === 'nil') send(`${meta} BODY[] NIL)\r\n`);
        else if (how === 'unparsable') send(`${meta} BODY[] "unterminated)\r\n`);
        else if (how === 'ok') send(Buffer.concat([Buffer.from(`${meta} BODY[] {${raw.length}}\r\n`), raw, Buffer.from(')\r\n')]));
        else {
          send(`${meta} BODY[] {${how.stream}}\r\n`);
          const block = Buffer.alloc(1024 * 1024, 'x');
          for (let sent = 0; sent < how.stream && !socket.destroyed; sent += block.length) {
            if (!send(block.subarray(0, Math.min(block.length, how.stream - sent)))) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
          }
          send(')\r\n');
        }
        if (script.endlessAfter === 'FETCH') return forever(`${head} FLAGS ())\r\n`);
      }
      for (const stray of script.strayUids ?? []) {
        const raw = Buffer.from(`From: stray@evil.test\r\nSubject: stray ${stray}\r\nMessage-ID: <stray-${stray}@evil.test>\r\n\r\nnot asked for\r\n`);
        send(Buffer.concat([Buffer.from(`* 99 FETCH (UID ${stray} FLAGS () BODY[] {${raw.length}}\r\n`), raw, Buffer.from(')\r\n')]));
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** UIDs of `box` in an IMAP UID set ("1:3,7,9:*"), ascending. */
function uidsIn(set: string, box: Map<number, Buffer>): number[] {
  const top = Math.max(0, ...box.keys());
  const num = (s: string) => (s === '*' ? top : Number(s));
  const out = new Set<number>();
  for (const part of set.split(',')) {
    const [a, b = a] = part.split(':');
    const [lo, hi] = [Math.min(num(a), num(b)), Math.max(num(a), num(b))];
    for (const uid of box.keys()) if (uid >= lo && uid <= hi) out.add(uid);
  }
  return [...out].sort((x, y) => x - y);
}
