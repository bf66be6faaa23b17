/**
 * Bounces as real servers write them, for one message of the shop's that did not arrive: their
 * header sets and part layouts follow Postfix's bounce(8) DSN, Exim's prose bounce with
 * X-Failed-Recipients, Microsoft 365's NDR (multipart/report with a text/rfc822-headers part), qmail's
 * "failure notice" and Gmail's delay warning (Action: delayed). Generated per test so each bounces
 * a message of that test.
 */
export type Bounced = { messageId: string; from: string; to: string; subject: string; date: string };

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');
const returned = (o: Bounced) => [`From: ${o.from}`, `To: ${o.to}`, `Subject: ${o.subject}`, `Date: ${o.date}`, `Message-ID: ${o.messageId}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8'];

export function postfixBounce(o: Bounced, date: string, id = '<20261203101500.4A1B2C3D@mx.shop.example>'): Buffer {
  const rcpt = o.to.replace(/^.*<|>.*$/g, '');
  return crlf([
    'Return-Path: <>', `Date: ${date}`, 'From: MAILER-DAEMON@mx.shop.example (Mail Delivery System)', 'Subject: Undelivered Mail Returned to Sender',
    `To: ${o.from}`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status;', '\tboundary="4A1B2C3D.1764757000/mx.shop.example"',
    `Message-Id: ${id}`, '', 'This is a MIME-encapsulated message.', '', '--4A1B2C3D.1764757000/mx.shop.example', 'Content-Description: Notification', 'Content-Type: text/plain; charset=us-ascii', '',
    'This is the mail system at host mx.shop.example.', '', "I'm sorry to have to inform you that your message could not", 'be delivered to one or more recipients.', '',
    `<${rcpt}>: host mx.example.fi[192.0.2.7] said: 552 5.2.2 <${rcpt}>:`, '    Recipient address rejected: Mailbox full (in reply to RCPT TO command)', '',
    '--4A1B2C3D.1764757000/mx.shop.example', 'Content-Description: Delivery report', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.shop.example', 'X-Postfix-Queue-ID: 4A1B2C3D', `X-Postfix-Sender: rfc822; ${o.from.replace(/^.*<|>.*$/g, '')}`, `Arrival-Date: ${o.date}`, '',
    `Final-Recipient: rfc822; ${rcpt}`, `Original-Recipient: rfc822;${rcpt}`, 'Action: failed', 'Status: 5.2.2', 'Remote-MTA: dns; mx.example.fi',
    `Diagnostic-Code: smtp; 552 5.2.2 <${rcpt}>: Recipient address rejected: Mailbox`, '    full', '',
    '--4A1B2C3D.1764757000/mx.shop.example', 'Content-Description: Undelivered Message', 'Content-Type: message/rfc822', '', ...returned(o), '', 'Hello, your parcel is on its way.', '',
    '--4A1B2C3D.1764757000/mx.shop.example--',
  ]);
}

export function eximBounce(o: Bounced, date: string): Buffer {
  const rcpt = o.to.replace(/^.*<|>.*$/g, '');
  return crlf([
    'Return-path: <>', `Date: ${date}`, 'From: Mail Delivery System <Mailer-Daemon@smtp.shop.example>', `To: ${o.from}`, 'Subject: Mail delivery failed: returning message to sender',
    `X-Failed-Recipients: ${rcpt}`, 'Auto-Submitted: auto-replied', 'Message-Id: <E1tXyZ-0003Ab-9Q@smtp.shop.example>', 'Content-Type: text/plain; charset=us-ascii', '',
    'This message was created automatically by mail delivery software.', '', 'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:', '', `  ${rcpt}`, '    host mx.example.nl [198.51.100.4]',
    '    SMTP error from remote mail server after RCPT TO:<' + rcpt + '>:', '    550 5.1.1 User unknown', '', '------ This is a copy of the message, including all the headers. ------', '',
    ...returned(o), '', 'Hoi, je pakket is onderweg.',
  ]);
}

export function microsoftBounce(o: Bounced, date: string): Buffer {
  const rcpt = o.to.replace(/^.*<|>.*$/g, '');
  return crlf([
    `Date: ${date}`, 'From: Microsoft Outlook <postmaster@shopexample.onmicrosoft.com>', `To: ${o.from}`, 'Subject: Undeliverable: ' + o.subject, 'Auto-Submitted: auto-replied',
    'Message-ID: <7d6c1f5e-bb1e-4a6e-9a5b-1c2d3e4f5a6b@DB9PR01MB1234.eurprd01.prod.outlook.com>', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="_000_ndr"', '', '--_000_ndr', 'Content-Type: text/plain; charset="us-ascii"', '',
    "Your message to " + rcpt + " couldn't be delivered.", rcpt.split('@')[0] + " wasn't found at " + rcpt.split('@')[1] + '.', '',
    'Remote Server returned \'550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\'', '',
    '--_000_ndr', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns;DB9PR01MB1234.eurprd01.prod.outlook.com', 'Received-From-MTA: dns;DB9PR01MB5678.eurprd01.prod.outlook.com',
    `Arrival-Date: ${o.date}`, '', `Original-Recipient: rfc822;${rcpt}`, `Final-Recipient: rfc822;${rcpt}`, 'Action: failed', 'Status: 5.1.10',
    'Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', '',
    '--_000_ndr', 'Content-Type: text/rfc822-headers', '', ...returned(o).slice(0, 5), '', '--_000_ndr--',
  ]);
}

export function qmailBounce(o: Bounced, date: string): Buffer {
  const rcpt = o.to.replace(/^.*<|>.*$/g, '');
  return crlf([
    `Date: ${date}`, 'From: MAILER-DAEMON@mail.shop.example', `To: ${o.from}`, 'Subject: failure notice', 'Message-ID: <q1764757000@mail.shop.example>', '',
    'Hi. This is the qmail-send program at mail.shop.example.', "I'm afraid I wasn't able to deliver your message to the following addresses.", 'This is a permanent error; I\'ve given up. Sorry it didn\'t work out.', '',
    `<${rcpt}>:`, '198.51.100.9 does not like recipient.', 'Remote host said: 550 5.1.1 No such user here', 'Giving up on 198.51.100.9.', '',
    '--- Below this line is a copy of the message.', '', 'Return-Path: <riitta@shop.example>', ...returned(o), '', 'Hej, paketet är på väg.',
  ]);
}

export function delayWarning(o: Bounced, date: string): Buffer {
  const rcpt = o.to.replace(/^.*<|>.*$/g, '');
  return crlf([
    `Date: ${date}`, 'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>', `To: ${o.from}`, 'Subject: Delivery Status Notification (Delay)', 'Auto-Submitted: auto-replied',
    'Message-ID: <delay-1764757000@mx.google.com>', 'MIME-Version: 1.0', 'Content-Type: multipart/report; boundary="d1"; report-type=delivery-status', '',
    '--d1', 'Content-Type: text/plain; charset="UTF-8"', '', 'Delivery incomplete', "There was a temporary problem delivering your message to " + rcpt + '. Gmail will retry for 46 more hours.', '',
    '--d1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; googlemail.com', '', `Final-Recipient: rfc822; ${rcpt}`, 'Action: delayed', 'Status: 4.4.1',
    'Diagnostic-Code: smtp; The recipient server did not accept our requests to connect.', `Will-Retry-Until: ${date}`, '',
    '--d1', 'Content-Type: text/rfc822-headers', '', ...returned(o).slice(0, 5), '', '--d1--',
  ]);
}
