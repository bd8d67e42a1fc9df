/** Weekly opening hours (ISO weekday 1 = Monday; local time of the location, Asia/Jakarta here). */
import type { ScheduleInput } from '../../src/directory/dto/directory.inputs';

const range = (days: number[], opensAt: string, closesAt: string): ScheduleInput[] =>
  days.map((weekday) => ({ weekday, opensAt, closesAt }));

const MON_THU = [1, 2, 3, 4];
const MON_FRI = [1, 2, 3, 4, 5];
const MON_SAT = [1, 2, 3, 4, 5, 6];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** Government office hours: Monday to Thursday 08:00-16:00, Friday with the Friday-prayer break. */
export const officeHours = (): ScheduleInput[] => [
  ...range(MON_THU, '08:00', '16:00'),
  { weekday: 5, opensAt: '08:00', closesAt: '11:30' },
  { weekday: 5, opensAt: '13:00', closesAt: '16:30' },
];

/** Open around the clock, every day (emergency departments, police, shelter intake). */
export const allDay = (): ScheduleInput[] => range(EVERY_DAY, '00:00', '24:00');

/** Puskesmas outpatient hours: Monday to Saturday mornings, Friday shorter. */
export const puskesmasHours = (): ScheduleInput[] => [
  ...range(MON_THU, '07:30', '14:00'),
  { weekday: 5, opensAt: '07:30', closesAt: '11:00' },
  { weekday: 6, opensAt: '07:30', closesAt: '12:30' },
];

/** Hospital outpatient clinics (poliklinik). */
export const clinicHours = (): ScheduleInput[] => [...range(MON_FRI, '08:00', '14:00'), { weekday: 6, opensAt: '08:00', closesAt: '12:00' }];

/** An NGO or legal-aid office. */
export const ngoHours = (opensAt = '09:00', closesAt = '17:00'): ScheduleInput[] => range(MON_FRI, opensAt, closesAt);

/** A school day. */
export const schoolHours = (): ScheduleInput[] => [...range(MON_THU, '07:00', '14:30'), { weekday: 5, opensAt: '07:00', closesAt: '11:00' }];

/** Weekend and evening hours of a community group (Tuesday to Saturday afternoons and evenings). */
export const eveningHours = (): ScheduleInput[] => range([2, 3, 4, 5, 6], '13:00', '21:00');

/**
 * Night outreach that runs past midnight on Friday and Saturday nights: stored as two ranges per night,
 * 20:00-24:00 and 00:00-03:00 of the next day (a range never wraps midnight).
 */
export const nightOutreach = (): ScheduleInput[] => [
  { weekday: 5, opensAt: '20:00', closesAt: '24:00' },
  { weekday: 6, opensAt: '00:00', closesAt: '03:00' },
  { weekday: 6, opensAt: '20:00', closesAt: '24:00' },
  { weekday: 7, opensAt: '00:00', closesAt: '03:00' },
];

/** Daily visiting or intake hours of a residential institution. */
export const dailyHours = (opensAt = '08:00', closesAt = '17:00'): ScheduleInput[] => range(EVERY_DAY, opensAt, closesAt);

/** Monday to Saturday. */
export const monSat = (opensAt: string, closesAt: string): ScheduleInput[] => range(MON_SAT, opensAt, closesAt);
