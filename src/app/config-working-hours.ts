/**
 * The config's `workingHours` (`h2h stats`: "answered within a working day" counts only these
 * hours), e.g. `{"days": [1,2,3,4,5], "start": "09:00", "end": "17:00", "timeZone": "Europe/Helsinki"}`.
 * The rules are the domain's (stats/working-hours.ts); this only points its errors at the config's
 * field, so a typo is reported as `workingHours.start: …` with its line like every other setting.
 */
import { parseWorkingHours, WorkingHoursError, type WorkingHours } from '../core/domain/stats/working-hours.js';

type Fail = (field: string, problem: string) => never;

export function parseWorkingHoursConfig(raw: unknown, fail: Fail): WorkingHours {
  try {
    return parseWorkingHours(raw);
  } catch (error) {
    if (!(error instanceof WorkingHoursError)) throw error;
    return fail(error.field === 'workingHours' ? 'workingHours' : `workingHours.${error.field}`, error.problem);
  }
}

export { defaultWorkingHours, type WorkingHours } from '../core/domain/stats/working-hours.js';
