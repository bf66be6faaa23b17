/**
 * Loopback servers that refuse every login and echo the client's credentials back in their error
 * text, as a careless or hostile server might: for testing that no form of a secret reaches
 * stderr, logs or the store. Plain text (h2h is pointed at them with tls: none on loopback).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot.js';

/** What the refusal carries: the credentials as the client sent them, decoded, or re-encoded in base64. */
export type EchoForm = 'as-sent' | 'decoded' | 'base64';
export type ImapEchoOptions = { form: EchoForm; capabilities: string; reply: 'NO' | 'BAD' | 'BYE' };
export type EchoServer = { port: number; stop(): Promise<void> };

const printable = (s: string) => s.replace(/[\u0000-\u001f]/g, ' ');

export async function startImapEcho(options: ImapEchoOptions): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(`* OK [CAPABILITY IMAP4rev1 ${options.capabilities}] echo ready\r\n`);
    let buffer = Buffer.alloc(0);
    let command = ''; // a command being gathered across literals
    let literal = 0; // bytes of a literal still to come
    let authenticating: { tag: string; mech: string } | undefined;
    const refuse = (tag: string, sent: string, decoded: string) => {
      const said = printable(options.form === 'as-sent' ? sent : options.form === 'decoded' ? decoded : Buffer.from(sent).toString('base64'));
      if (options.reply === 'BYE') socket.end(`* BYE refusing ${said}\r\n`);
      else socket.write(`${tag} ${options.reply} [AUTHENTICATIONFAILED] refusing ${said}\r\n`);
    };
    const handle = (line: string) => {
      if (authenticating) {
        const { tag } = authenticating;
        authenticating = undefined;
        return refuse(tag, line, Buffer.from(line, 'base64').toString('utf8'));
      }
      const m = /^(\S+) (\S+)(?: ([\s\S]*))?$/.exec(line);
      if (!m) return;
      const [, tag, verb, args = ''] = m;
      switch (verb.toUpperCase()) {
        case 'CAPABILITY':
          return socket.write(`* CAPABILITY IMAP4rev1 ${options.capabilities}\r\n${tag} OK done\r\n`);
        case 'LOGIN': {
          // The password as the server would read it: after the user, unquoted, or a literal's bytes.
          const pass = /^(?:"(?:[^"\\]|\\.)*"|\S+) (?:"((?:[^"\\]|\\.)*)"|\{\d+\+?\}\r\n([\s\S]*)|(\S+))$/.exec(args);
          const decoded = pass ? (pass[1]?.replace(/\\(.)/g, '$1') ?? pass[2] ?? pass[3] ?? '') : args;
          return refuse(tag, args, decoded);
        }
        case 'AUTHENTICATE': {
          const [mech, initial] = args.split(' ');
          if (initial) return refuse(tag, initial, Buffer.from(initial, 'base64').toString('utf8'));
          authenticating = { tag, mech };
          return socket.write('+ \r\n');
        }
        case 'LOGOUT':
          return socket.end(`* BYE bye\r\n${tag} OK done\r\n`);
        default:
          return socket.write(`${tag} OK done\r\n`);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (literal > 0) {
          if (buffer.length < literal) return;
          command += buffer.subarray(0, literal).toString('utf8');
          buffer = buffer.subarray(literal);
          literal = 0;
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.subarray(0, nl).toString('utf8');
        buffer = buffer.subarray(nl + 2);
        const lit = /\{(\d+)(\+?)\}$/.exec(line);
        if (lit) {
          command += `${line}\r\n`;
          literal = Number(lit[1]);
          if (!lit[2]) socket.write('+ go ahead\r\n');
          continue;
        }
        const whole = command + line;
        command = '';
        handle(whole);
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An SMTP server whose 535 repeats the login: the password, PLAIN's blob, XOAUTH2's blob or an IMAP-quoted password. */
export type SmtpEchoForm = 'password' | 'plain-blob' | 'xoauth2-blob' | 'quoted';

export async function startSmtpEcho(form: SmtpEchoForm): Promise<EchoServer> {
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    logger: false,
    onAuth(auth, _session, callback) {
      const secret = auth.accessToken ?? auth.password ?? '';
      const said =
        form === 'password'
          ? secret
          : form === 'plain-blob'
            ? Buffer.from(`\u0000${auth.username}\u0000${secret}`).toString('base64')
            : form === 'xoauth2-blob'
              ? Buffer.from(`user=${auth.username}\u0001auth=Bearer ${secret}\u0001\u0001`).toString('base64')
              : `"${secret.replace(/[\\"]/g, '\\$&')}"`;
      callback(Object.assign(new Error(`refusing ${said}`), { responseCode: 535 }));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
