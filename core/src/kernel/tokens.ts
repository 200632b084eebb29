/** Injection tokens for values that are not classes. */
export const TOKENS = {
  Config: Symbol.for('kado.Config'),
  Logger: Symbol.for('kado.Logger'),
} as const;
