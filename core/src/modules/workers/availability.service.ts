import type { TimeWindow } from '@kado/plugin-sdk';
import { injectable } from 'inversify';
import type { Tx } from '../../db/database.js';

/**
 * The hours a worker can give: weekly pattern, exceptions, national holidays, a weekly maximum. "Next task"
 * and shift sign-up ask it. (Issue #5 fills this in; until then it sets no limit.)
 */
@injectable()
export class AvailabilityService {
  /** The minutes the worker has left at `at` (their current window and the week's maximum); null: no limit set. */
  async minutesLeft(_tx: Tx, _workerId: string, _at: Date): Promise<number | null> {
    return null;
  }

  /** Whether the worker's hours cover a shift's time window. */
  async covers(_tx: Tx, _workerId: string, _window: TimeWindow): Promise<boolean> {
    return true;
  }
}
