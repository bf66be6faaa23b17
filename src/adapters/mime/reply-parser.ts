/**
 * email-reply-parser's EmailParser (version 2.3.7, MIT licence, © 2021 Crisp IM SAS), rewritten to
 * do the same work in a fraction of the time: it is the slowest step of taking in a message.
 *
 * The original reverses the text, walks its lines bottom-up and reverses each line back for every
 * one of its ~60 regular expressions (character by character), and tests each line twice. This
 * walks the lines of the text as they are, bottom-up, and tests each distinct line once. The steps,
 * regular expressions and results are the same; test/adapters/mime/reply-parser.test.ts holds it to
 * the original, line for line, on the MIME corpus, generated support mail and crafted cases. Unlike
 * the original, each expression sees one line (or a few, for a wrapped header) within a budget:
 * bounded-quote-scan.ts says why.
 */

import { joinWrappedHeaders, lineTester, ScanBudget } from './bounded-quote-scan.js';

export type ReplyFragment = { content: string; quoted: boolean; signature: boolean; hidden: boolean };

/* eslint-disable max-len */
export const quoteHeaders = [
  /^-*\s*(On\s.+\s.+\n?wrote:{0,1})\s{0,1}-*$/m, // On DATE, NAME <EMAIL> wrote:
  /^-*\s*(Le\s.+\s.+\n?écrit\s?:{0,1})\s{0,1}-*$/m, // Le DATE, NAME <EMAIL> a écrit :
  /^-*\s*(El\s.+\s.+\n?escribió:{0,1})\s{0,1}-*$/m, // El DATE, NAME <EMAIL> escribió:
  /^-*\s*(Il\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, // Il DATE, NAME <EMAIL> ha scritto:
  /^-*\s*(Em\s.+\s.+\n?escreveu:{0,1})\s{0,1}-*$/m, // Em DATE, NAME <EMAIL> ha escreveu:
  /^\s*(Am\s.+\s)\n?\n?schrieb.+\s?(\[|<).+(\]|>):$/m, // Am DATE schrieb NAME <EMAIL>:
  /^\s*(Op\s[\s\S]+?\n?schreef[\s\S]+:)$/m, // Il DATE, schreef NAME <EMAIL>:
  /^\s*((W\sdniu|Dnia)\s[\s\S]+?(pisze|napisał(\(a\))?):)$/mu, // W dniu DATE, NAME <EMAIL> pisze|napisał:
  /^\s*(Den\s.+\s\n?skrev\s.+:)$/m, // Den DATE skrev NAME <EMAIL>:
  /^\s*(pe\s.+\s.+\n?kirjoitti:)$/m, // pe DATE NAME <EMAIL> kirjoitti:
  /^\s*(Am\s.+\sum\s.+\s\n?schrieb\s.+:)$/m, // Am DATE um TIME schrieb NAME:
  /^\s*(ср\,\s.+\n? г\. в\s.+,\s.+[\[|<].+[\]|>]:)$/m, // ср, DATE г. в TIME, NAME <EMAIL>: (a narrow no-break space, U+202F, before г.)
  /^(在[\s\S]+写道：)$/m, // > 在 DATE, TIME, NAME 写道：
  /^(20[0-9]{2}\..+\s작성:)$/m, // DATE TIME NAME 작성:
  /^(20[0-9]{2}\/.+のメッセージ:)$/m, // DATE TIME、NAME のメッセージ:
  /^(.+\s<.+>\sschrieb:)$/m, // NAME <EMAIL> schrieb:
  /^(.+\son.*at.*wrote:)$/m, // NAME on DATE wrote:
  /^\s*(From\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, // "From: NAME <EMAIL>" OR "From : NAME <EMAIL>" OR "From : NAME<EMAIL>"
  /^\s*(Von\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, // "Von: NAME <EMAIL>" OR "Von : NAME <EMAIL>" OR "Von : NAME<EMAIL>"
  /^\s*(De\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, // "De: NAME <EMAIL>" OR "De : NAME <EMAIL>" OR "De : NAME<EMAIL>"
  /^\s*(Van\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, // "Van: NAME <EMAIL>" OR "Van : NAME <EMAIL>" OR "Van : NAME<EMAIL>"
  /^\s*(Da\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, // "Da: NAME <EMAIL>" OR "Da : NAME <EMAIL>" OR "Da : NAME<EMAIL>"
  /^(20[0-9]{2})-([0-9]{2}).([0-9]{2}).([0-9]{2}):([0-9]{2})\n?(.*)>:$/m, // 20YY-MM-DD HH:II GMT+01:00 NAME <EMAIL>:
  /^\s*([a-z]{3,4}\.\s[\s\S]+\sskrev\s[\s\S]+:)$/m, // DATE skrev NAME <EMAIL>:
  /^([0-9]{2}).([0-9]{2}).(20[0-9]{2})(.*)(([0-9]{2}).([0-9]{2}))(.*)\"( *)<(.*)>( *):$/m, // DD.MM.20YY HH:II NAME <EMAIL>
  /^[0-9]{2}:[0-9]{2}(.*)[0-9]{4}(.*)\"( *)<(.*)>( *):$/, // HH:II, DATE, NAME <EMAIL>:
  /^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/,
  /^-{1,12} ?(O|o)riginal (M|m)essage ?-{1,12}$/i,
  /^-{1,12} ?(O|o)prindelig (B|b)esked ?-{1,12}$/i,
  /^-{1,12} ?(M|m)essage d\'origine ?-{1,12}$/i,
  /^-{1,12} ?(U|u)rsprüngliche (N|n)achricht ?-{0,12}$/i,
];

export const signatures = [
  /^\s*-{2,4}$/, // Separator
  /^\s*_{2,4}$/, // Separator
  /^-- $/, // Separator
  /^\+{2,4}$/, // Separator
  /^\={2,4}$/, // Separator
  /^________________________________$/, // Separator
  /^Sent from (?:\s*.+)$/, // en
  /^Get Outlook for (?:\s*.+).*/m, // en
  /^Cheers,?!?$/im, // en
  /^Best wishes,?!?$/im, // en
  /^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im, // en
  /^Von (?:\s*.+) gesendet$/, // de
  /^Gesendet von (?:\s*.+) für (?:\s*.+)$/, // de
  /^Sendt fra (?:\s*.+)$/, // da
  /^Envoyé depuis (?:\s*.+)$/, // fr
  /^Envoyé de mon (?:\s*.+)$/, // fr - e.g. Envoyé de mon iPhone
  /^Envoyé à partir de (?:\s*.+)$/, // fr
  /^Télécharger Outlook pour (?:\s*.+).*/m, // fr
  /^Bien . vous,?!?$/im, // fr
  /^\w{0,20}\s?cordialement,?!?$/im, // fr
  /^Bonne (journ.e|soir.e)!?$/im, // fr
  /^Enviado desde (?:\s*.+)$/, // es
  /^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, // it
  /^Verzonden vanaf (?:\s*.+)$/, // nl - e.g. Verzonden vanaf (Outlook voor Android<https://aka.ms/12345>|mijn iPad)
  /^Verstuurd vanaf (?:\s*.+)$/, // nl - e.g. Verstuurd vanaf mijn iPad/iPhone
];
/* eslint-enable max-len */

type Draft = { lines: string[]; quoted: boolean; signature: boolean; hidden: boolean };

/**
 * Splits a plain-text body into fragments, top to bottom, as email-reply-parser's `read(text).getFragments()`,
 * within `budget` (see bounded-quote-scan.ts: lines too long for the expressions, or past the budget, are plain text).
 */
export function parseReply(text: string, budget = new ScanBudget()): ReplyFragment[] {
  text = joinWrappedHeaders(text.replace(/\r\n/g, '\n'), quoteHeaders, budget);
  const isSignature = lineTester(signatures, budget);
  const isQuoteHeader = lineTester(quoteHeaders, budget);

  // The original works on the reversed text; its reversed lines are these lines, bottom-up, and
  // trimming the start of a reversed line is trimming the end of the line (String#trimEnd and the
  // original's /^\s+/ remove the same characters).
  const drafts: Draft[] = [];
  const add = (d: Draft) => {
    if (d.quoted || d.signature || d.lines.join('') === '') d.hidden = true;
    drafts.push(d);
  };
  let fragment: Draft | null = null;
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    let line = lines[i];
    if (!isSignature(line)) line = line.trimEnd();
    if (fragment) {
      const last = fragment.lines[fragment.lines.length - 1];
      if (isSignature(last)) {
        fragment.signature = true;
        add(fragment);
        fragment = null;
      } else if (line === '' && isQuoteHeader(last)) {
        fragment.quoted = true;
        add(fragment);
        fragment = null;
      }
    }
    const quoted = line.startsWith('>');
    const continues = fragment !== null && (fragment.quoted === quoted || (fragment.quoted && (isQuoteHeader(line) || line === '')));
    if (!continues) {
      if (fragment !== null) add(fragment);
      fragment = { lines: [], quoted, signature: false, hidden: false };
    }
    fragment!.lines.push(line);
  }
  if (fragment !== null) add(fragment);
  return drafts.reverse().map((d) => ({
    content: d.lines.reverse().join('\n').replace(/^\n/, ''),
    quoted: d.quoted,
    signature: d.signature,
    hidden: d.hidden,
  }));
}
