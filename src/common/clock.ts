import { Injectable } from '@nestjs/common';

/**
 * The time every time-based rule reads (follow-up due dates, escalation, stale cases, referral transitions):
 * inject `Clock` and call `now()` instead of `new Date()`. In production it is the system time. Outside
 * production a test may move it forward (`moveClock`) instead of sleeping; the shift is process-wide, so every
 * instance (each feature module that needs one lists `Clock` among its providers) and the API and the worker
 * booted in one test process see the same time. Delays handed to Redis (BullMQ) stay in
 * real time: time-based work is found by scans that ask the Clock, not by jobs delayed until a date.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date(Date.now() + shiftMs);
  }
}

let shiftMs = 0;

/** Moves every Clock of this process `ms` forward (negative: back). Refused in production. */
export function moveClock(ms: number): void {
  if (process.env.NODE_ENV === 'production') throw new Error('the clock cannot be moved in production');
  shiftMs += ms;
}

/** Back to the system time. */
export function resetClock(): void {
  shiftMs = 0;
}
