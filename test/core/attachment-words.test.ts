/**
 * A reply's own words that say something is attached, in the demo's languages, inflected forms
 * included (a word that starts with the stem); the letters inside another word (reattaching) do
 * not count.
 */
import { describe, expect, it } from 'vitest';
import { attachmentMention } from '../../src/core/domain/attachment-words.js';

describe('attachmentMention', () => {
  it.each([
    ['See the attached label.', 'attached'],
    ['I have enclosed the invoice', 'enclosed'],
    ['Palautuslappu on liitteenä.', 'liitteenä'],
    ['Liitän kuitin', 'Liitän'],
    ['Se bifogad fil', 'bifogad'],
    ['Fakturan finns som bilaga', 'bilaga'],
    ['Die Rechnung ist im Anhang', 'Anhang'],
    ['Rechnung angehängt', 'angehängt'],
    ['In de bijlage vindt u het label', 'bijlage'],
    ['Voir la pièce jointe', 'pièce jointe'],
    ['Trova in allegato', 'allegato'],
    ['Te adjunto la factura', 'adjunto'],
    ['Fakturu najdete v příloze', 'příloze'],
    ['請求書を添付しました', '添付'],
    ['송장을 첨부합니다', '첨부'],
  ])('%s → %s', (text, word) => {
    expect(attachmentMention(text)).toBe(word);
  });

  it.each(['Your parcel left today.', 'reattaching the sole is free', 'Hyvää joulua', 'Vielen Dank', ''])('%s → none', (text) => {
    expect(attachmentMention(text)).toBeNull();
  });
});
