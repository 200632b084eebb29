export { solveAllocation } from './solver.js';
export type * from './types.js';
export { AllocationInputError, capacityFromHours } from './types.js';
