import { injectable } from 'inversify';
import type { Tx } from '../../db/database.js';

/**
 * Quasi-delegation (準委任) agreements between a centre and its workers. (Issue #5 fills this in.)
 */
@injectable()
export class ContractsService {
  /** Throws a problem unless the worker has accepted an agreement in force at `at`. */
  async requireCurrent(_tx: Tx, _workerId: string, _at: Date): Promise<void> {}
}
