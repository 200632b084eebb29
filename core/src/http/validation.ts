import type { z } from 'zod';
import { type FieldError, Problem } from '../kernel/problems.js';

/** Turns zod issues into RFC 9457 per-field errors with JSON pointers into the request. */
export function fieldErrors(
  where: 'body' | 'query' | 'params',
  issues: readonly z.core.$ZodIssue[],
): FieldError[] {
  return issues.flatMap((issue) => {
    const base = `/${where}${issue.path.map((p) => `/${String(p)}`).join('')}`;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: `${base}/${key}`,
        code: 'unknown_field',
        detail: `不明な項目です / Unknown field "${key}"`,
      }));
    }
    return [{ pointer: base, code: issue.code, detail: issue.message }];
  });
}

export function parseOrThrow<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(where, result.error.issues);
  throw new Problem('validation-failed', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {
    errors,
  });
}
