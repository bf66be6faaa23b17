/**
 * People or machines (core/domain/automated.ts): each kind from the header sets real mail carries
 * (Postfix, Exim and Microsoft DSNs, Gmail and Microsoft 365 out-of-office, Mailchimp-style
 * newsletters, PayPal- and Shopify-style notifications, mailing lists), each with the reason; and the
 * people next to them that must stay people (a customer writing "Absence of the parcel", a contact
 * form from noreply@ naming the person in Reply-To, Auto-Submitted: no).
 */
import { describe, expect, it } from 'vitest';
import { classifyAutomation } from '../../../src/core/domain/automated.js';

const person = { from: 'anna@example.fi', subject: 'Wrong size', headers: {} };

describe('classifyAutomation', () => {
  it.each([
    ['a Postfix DSN', { from: 'MAILER-DAEMON@mail.shop.example', subject: 'Undelivered Mail Returned to Sender', headers: { 'content-type': 'multipart/report; report-type=delivery-status;\tboundary="x"', 'return-path': '<>' } }, 'bounce', 'Content-Type: multipart/report; report-type=delivery-status'],
    ['an Exim bounce', { from: 'mailer-daemon@exim.example', subject: 'Mail delivery failed: returning message to sender', headers: { 'x-failed-recipients': 'old@example.fi', 'return-path': '<>' } }, 'bounce', 'sender mailer-daemon@exim.example'],
    ['a Microsoft NDR from postmaster', { from: 'postmaster@outlook.com', subject: 'Undeliverable: Your order', headers: { 'content-type': 'multipart/report; report-type="delivery-status"; boundary=b' } }, 'bounce', 'Content-Type: multipart/report; report-type=delivery-status'],
    ['a null-sender failure notice', { from: 'system@relay.example', subject: 'Delivery Status Notification (Failure)', headers: { 'return-path': '< >' } }, 'bounce', 'Return-Path: <> and a delivery failure subject'],
    ['Gmail out-of-office', { from: 'anna@gmail.com', subject: 'Out of Office: Wrong size', headers: { 'auto-submitted': 'auto-replied', precedence: 'bulk' } }, 'auto-reply', 'Auto-Submitted: auto-replied'],
    ['Microsoft 365 automatic reply', { from: 'anna@contoso.fi', subject: 'Automaattinen vastaus: Wrong size', headers: { 'x-auto-response-suppress': 'All', 'auto-submitted': 'auto-generated' } }, 'auto-reply', 'an out-of-office subject'],
    ['X-Autoreply', { from: 'jonas@example.de', subject: 'Re: Stiefel', headers: { 'x-autoreply': 'yes' } }, 'auto-reply', 'X-Autoreply'],
    ['Precedence: auto_reply', { from: 'jonas@example.de', subject: 'Re: Stiefel', headers: { precedence: 'auto_reply' } }, 'auto-reply', 'Precedence: auto_reply'],
    ['a Swedish subject label', { from: 'anna@example.se', subject: 'Frånvaro: Re: Skor', headers: {} }, 'auto-reply', 'an out-of-office subject'],
    ['a Dutch automatic answer', { from: 'joelle@example.nl', subject: 'Automatisch antwoord: Laarzen', headers: {} }, 'auto-reply', 'an out-of-office subject'],
    ['a mailing list', { from: 'dev@lists.example.org', subject: '[ltp] patch', headers: { 'list-id': '<ltp.lists.linux.it>', 'list-unsubscribe': '<mailto:x>' } }, 'list', 'List-Id'],
    ['a Mailchimp newsletter', { from: 'news@brand.example', subject: 'Spring collection', headers: { 'x-mailchimp-campaign': 'abc', 'list-unsubscribe': '<https://x>' } }, 'bulk', 'Mailchimp (X-Mailchimp-Campaign)'],
    ['Precedence: bulk', { from: 'deals@market.example', subject: 'Deals', headers: { precedence: 'bulk' } }, 'bulk', 'Precedence: bulk'],
    ['List-Unsubscribe alone', { from: 'hello@brand.example', subject: 'News', headers: { 'list-unsubscribe': '<https://x>' } }, 'bulk', 'List-Unsubscribe'],
    ['a PayPal-style notification', { from: 'service@paypal.example', subject: 'You received a payment', headers: { 'auto-submitted': 'auto-generated' } }, 'notification', 'Auto-Submitted: auto-generated'],
    ['a Shopify-style order mail', { from: 'no-reply@shopify.example', subject: 'Order #1042 confirmed', headers: {} }, 'notification', 'sender no-reply@shopify.example'],
    ['notifications@', { from: 'notifications@market.example', subject: 'New message', headers: {} }, 'notification', 'sender notifications@market.example'],
    ['a read receipt (MDN)', { from: 'anna@example.fi', subject: 'Read: Wrong size', headers: { 'content-type': 'multipart/report; report-type=disposition-notification; boundary=b' } }, 'notification', 'Content-Type: multipart/report; report-type=disposition-notification'],
    ['an abuse report (ARF)', { from: 'abuse@isp.example', subject: 'FW: Earn money', headers: { 'content-type': 'multipart/report; report-type=feedback-report; boundary=b' } }, 'notification', 'Content-Type: multipart/report; report-type=feedback-report'],
    ['a Mailman digest', { from: 'ppp-request@lists.example', subject: 'Ppp digest, Vol 1 #2', headers: { 'x-mailman-version': '2.0.4' } }, 'list', 'X-Mailman-Version'],
    ['a list moderation notice', { from: 'hackers+owner@lists.example', subject: 'Post to hackers denied', headers: {} }, 'list', 'sender hackers+owner@lists.example'],
    ['owner-list@ (Majordomo)', { from: 'owner-shoes@lists.example', subject: 'Welcome', headers: {} }, 'list', 'sender owner-shoes@lists.example'],
    ['a feed robot (daemon@)', { from: 'daemon@feeds.example', subject: 'New posts', headers: {} }, 'notification', 'sender daemon@feeds.example'],
  ] as const)('%s', (_, message, kind, by) => {
    expect(classifyAutomation(message)).toEqual({ kind, by });
  });

  it.each([
    ['a customer', person],
    ['Auto-Submitted: no', { ...person, headers: { 'auto-submitted': 'no' } }],
    ['"Absence of the parcel"', { ...person, subject: 'Absence of the parcel' }],
    ['"On holiday, can I still order?"', { ...person, subject: 'On holiday, can I still order?' }],
    ['"Automatic replies are annoying"', { ...person, subject: 'Automatic replies are annoying' }],
    ['"Ausente el paquete"', { ...person, subject: 'Ausente el paquete' }],
    ['"Undelivered parcel!" from a person', { ...person, subject: 'Undelivered parcel!' }],
    ['a contact form from noreply@ naming the person', { from: 'noreply@shop.example', subject: 'Contact form', headers: {}, formPerson: true }],
    ['X-Autoreply: no', { ...person, headers: { 'x-autoreply': 'no' } }],
    ["a supplier's sales-admin@", { ...person, from: 'sales-admin@supplier.example' }],
    ['a person named Request', { ...person, from: 'request.anna@example.fi' }],
  ] as const)('leaves %s a person', (_, message) => {
    expect(classifyAutomation(message)).toBeNull();
  });
});
