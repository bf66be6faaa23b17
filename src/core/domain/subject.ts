/**
 * Subject normalisation for threading and display: reply and forward prefixes in many languages,
 * and bracketed list or ticket tags, are not part of what a conversation is about.
 */

// Reply and forward markers seen in the wild, lower case. Re/Fwd (English), AW/WG (German), SV/VS (Nordic),
// Antw (Dutch), Odp/PD (Polish), RIF/R/I (Italian), RV/RE (Spanish), TR/Réf (French), ENC/RES (Portuguese),
// VL/VS (Finnish), Ynt/İlt (Turkish), Atb (Latvian), ΑΠ/ΣΧΕΤ/ΠΡΘ (Greek), Отв/Пересл (Russian),
// 回复/转发/回覆/轉寄/答复 (Chinese), 返信/転送 (Japanese), 답장/전달 (Korean), השב/הועבר (Hebrew).
const markers = [
  're', 'aw', 'antw', 'odp', 'rif', 'r', 'rv', 'res', 'sv', 'vs', 'ynt', 'atb', 'ref', 'réf', 'rép', 'odg', 'vá',
  'fw', 'fwd', 'wg', 'tr', 'enc', 'vl', 'vb', 'fs', 'pd', 'i', 'doorst', 'trs', 'İlt', 'ilt', 'přeposlat',
  'απ', 'σχετ', 'πρθ', 'отв', 'ответ', 'пересл', 'fwd', '回复', '回覆', '答复', '转发', '轉寄', '轉發', '返信', '転送', '답장', '전달', 'השב', 'הועבר',
];
const markerPattern = markers
  .sort((a, b) => b.length - a.length)
  .map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
// A marker, an optional count ("Re[2]", "Re(3)", "Re^2"), then a colon (ASCII or full-width).
const prefixRe = new RegExp(`^(?:${markerPattern})\\s*(?:\\[(\\d+)\\]|\\((\\d+)\\)|\\^(\\d+))?\\s*[:：]`, 'iu');
const bracketRe = /^\[[^\]]{0,80}\]/u;
const trailerRe = /\s*\((?:fwd|fw)\)\s*$/iu;

export type SubjectParts = { base: string; replyDepth: number };

/** Strips every leading reply/forward marker and bracketed tag: "Re: [Shop] AW: Order 12" → "Order 12". */
export function splitSubject(subject: string): SubjectParts {
  let s = subject.replace(/\s+/g, ' ').trim();
  let depth = 0;
  for (let guard = 0; guard < 100; guard++) {
    const prefix = prefixRe.exec(s);
    if (prefix) {
      depth += Number(prefix[1] ?? prefix[2] ?? prefix[3] ?? 1);
      s = s.slice(prefix[0].length).trimStart();
      continue;
    }
    const bracket = bracketRe.exec(s);
    // A bracket that is the whole subject is the subject ("[URGENT]"), not a tag.
    if (bracket && bracket[0].length < s.length) {
      s = s.slice(bracket[0].length).trimStart();
      continue;
    }
    break;
  }
  s = s.replace(trailerRe, '').trim();
  return { base: s, replyDepth: depth };
}

/** The key two subjects must share to be the same conversation by subject. */
export function baseSubjectKey(subject: string): string {
  return splitSubject(subject).base.toLowerCase();
}

/** For display: drop reply/forward markers but keep tags the sender put there. */
export function displaySubject(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  for (let guard = 0; guard < 100; guard++) {
    const prefix = prefixRe.exec(s);
    if (!prefix) break;
    s = s.slice(prefix[0].length).trimStart();
  }
  return s;
}
