import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseSubjectKey, displaySubject, splitSubject } from '../../../src/core/domain/subject.js';
import { corpus } from '../../helpers/corpus.js';

describe('splitSubject', () => {
  it('matches the base subjects and reply depths of the JWZ test set', () => {
    const data = JSON.parse(readFileSync(corpus('threading/cases/jwz-testthreader-ordered-subject.json'), 'utf8'));
    const examples = data.base_subject_examples_from_same_source as { subject: string; base: string; reply_depth: number }[];
    expect(examples.length).toBeGreaterThan(3);
    for (const e of examples) expect(splitSubject(e.subject), e.subject).toEqual({ base: e.base, replyDepth: e.reply_depth });
  });

  it.each([
    ['AW: WG: Bestellung 10455', 'Bestellung 10455'],
    ['SV: VS: Leverans', 'Leverans'],
    ['Antw: Retour', 'Retour'],
    ['Odp: Zamówienie', 'Zamówienie'],
    ['RIF: Ordine', 'Ordine'],
    ['RV: Pedido', 'Pedido'],
    ['TR: Commande', 'Commande'],
    ['ENC: Pedido', 'Pedido'],
    ['VL: Tilaus', 'Tilaus'],
    ['回复：订单', '订单'],
    ['Re: [Shop #1234] Re: Fwd: Shoes', 'Shoes'],
    ['Re(2): Size', 'Size'],
    ['Re^3: Size', 'Size'],
    ['Shoes (fwd)', 'Shoes'],
    ['Fw:Fwd:RE:re:  spaced   out ', 'spaced out'],
  ])('strips prefixes and tags from %j', (subject, base) => {
    expect(splitSubject(subject).base).toBe(base);
  });

  it('keeps a bracket that is the whole subject', () => {
    expect(splitSubject('[URGENT]').base).toBe('[URGENT]');
  });

  it('does not mistake words that start like prefixes for prefixes', () => {
    expect(splitSubject('Return policy').base).toBe('Return policy');
    expect(splitSubject('Fwd delivery options').base).toBe('Fwd delivery options');
  });

  it('compares case-insensitively for threading but keeps tags for display', () => {
    expect(baseSubjectKey('RE: Lost PARCEL')).toBe(baseSubjectKey('lost parcel'));
    expect(displaySubject('Re: [Shop] Lost parcel')).toBe('[Shop] Lost parcel');
  });
});
