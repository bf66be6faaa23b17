/** The config's `workingHours` (h2h stats): read whole, defaults when absent, and every mistake refused naming its field. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/app/config.js';
import { defaultWorkingHours } from '../../src/core/domain/stats/working-hours.js';

describe('workingHours in the config', () => {
  it('is Monday to Friday 09:00–17:00 in this machine\'s zone when absent', () => {
    expect(parseConfig({}).workingHours).toEqual(defaultWorkingHours);
    expect(defaultConfig.workingHours).toEqual(defaultWorkingHours);
  });

  it('reads a whole schedule, and fills in the fields left out', () => {
    const hours = { days: [1, 2, 3, 4, 5, 6], start: '08:30', end: '16:00', timeZone: 'Europe/Helsinki' };
    expect(parseConfig({ workingHours: hours }).workingHours).toEqual(hours);
    expect(parseConfig({ workingHours: { timeZone: 'Europe/Stockholm' } }).workingHours).toEqual({ ...defaultWorkingHours, timeZone: 'Europe/Stockholm' });
  });

  it.each([
    [{ workingHours: 'office hours' }, /^config\.json: workingHours: must be an object/],
    [{ workingHours: { timezone: 'Europe/Helsinki' } }, /^config\.json: workingHours: has an unknown field "timezone"/],
    [{ workingHours: { days: [0, 1] } }, /^config\.json: workingHours\.days: must hold weekday numbers 1–7/],
    [{ workingHours: { start: '9am' } }, /^config\.json: workingHours\.start: must be a time of day like "09:00"/],
    [{ workingHours: { start: '17:00', end: '09:00' } }, /^config\.json: workingHours\.end: must be later than start/],
    [{ workingHours: { timeZone: 'Mars/Olympus' } }, /^config\.json: workingHours\.timeZone: is not a time zone this system knows/],
  ])('refuses %j', (doc, problem) => {
    expect(() => parseConfig(doc)).toThrow(problem);
  });
});
