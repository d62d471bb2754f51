import type { Clock } from '../../shared/ports/clock';

/**
 * The clock a test drives: real time plus an offset the test sets, so a deadline is reached by
 * moving the clock, never by sleeping. `reset()` returns to real time.
 */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock on by `ms` (negative moves it back). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Moves the clock to just past `instant` (an ISO time), by `byMs` (default 1 ms). */
  passTo(instant: string, byMs = 1): void {
    this.offsetMs = Date.parse(instant) + byMs - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
