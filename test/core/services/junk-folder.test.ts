/** Which folder is Junk: SPECIAL-USE \Junk first (whatever its name), else a well-known name in any case. */
import { describe, expect, it } from 'vitest';
import { findJunkFolder } from '../../../src/core/services/junk-folder.js';

describe('finding the Junk folder', () => {
  it('prefers the folder marked \\Junk, then the well-known names, and says none when there is none', () => {
    expect(findJunkFolder([{ path: 'INBOX' }, { path: 'Spam' }, { path: 'Roskaposti', specialUse: '\\Junk' }])).toBe('Roskaposti');
    expect(findJunkFolder([{ path: 'INBOX' }, { path: 'INBOX.spam' }])).toBe('INBOX.spam');
    expect(findJunkFolder([{ path: 'INBOX' }, { path: '[Gmail]/Spam' }, { path: '[Gmail]/Sent Mail', specialUse: '\\Sent' }])).toBe('[Gmail]/Spam');
    expect(findJunkFolder([{ path: 'INBOX' }, { path: 'Junk E-mail' }])).toBe('Junk E-mail');
    expect(findJunkFolder([{ path: 'INBOX' }, { path: 'Sent' }, { path: 'Junkyard orders' }])).toBeUndefined();
  });
});
