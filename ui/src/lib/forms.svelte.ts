import { tick } from 'svelte';
import { type ApiError, asApiError } from './api';
import { pickLanguage } from './i18n';
import { i18n } from './locale.svelte';

/**
 * The state of one form: busy while submitting, and the server's problem when it failed. Per-field
 * messages come from `errors[].pointer` (`/body/<field>`), shown in the current language's half.
 */
export class FormState {
  busy = $state(false);
  problem = $state<ApiError | null>(null);

  /**
   * @param fields field names the form shows next to inputs (pointer `/body/<name>` and below);
   *   other errors are listed in the form's alert.
   * @param problemFields problems without a pointer that belong to a field, e.g. `{ conflict: 'slug' }`.
   */
  constructor(
    private readonly fields: readonly string[],
    private readonly problemFields: Readonly<Record<string, string>> = {},
  ) {}

  /** The message for `field` (e.g. `email` or `openingHours/0/closes`), if the server named it. */
  error(field: string): string | undefined {
    const problem = this.problem;
    if (!problem) return undefined;
    const messages = problem.errors
      .filter((e) => e.pointer === `/body/${field}`)
      .map((e) => pickLanguage(e.detail, i18n.locale));
    const forField = this.problemFields[problem.type];
    if (forField === field && problem.errors.length === 0)
      messages.push(pickLanguage(problem.detail ?? problem.title, i18n.locale));
    return messages.length > 0 ? [...new Set(messages)].join(' ') : undefined;
  }

  private claimed(pointer: string): boolean {
    return this.fields.some((f) => pointer === `/body/${f}` || pointer.startsWith(`/body/${f}/`));
  }

  /** What the alert above the form says: the problem, and errors no field shows. */
  get summary(): { title: string; messages: string[]; hasFieldErrors: boolean } | null {
    const problem = this.problem;
    if (!problem) return null;
    const locale = i18n.locale;
    const fieldOwned = this.problemFields[problem.type] !== undefined && problem.errors.length === 0;
    const hasFieldErrors = fieldOwned || problem.errors.some((e) => this.claimed(e.pointer));
    const messages = problem.errors
      .filter((e) => !this.claimed(e.pointer))
      .map((e) => pickLanguage(e.detail, locale));
    const title =
      problem.errors.length > 0 || fieldOwned || !problem.detail
        ? pickLanguage(problem.title, locale)
        : pickLanguage(problem.detail, locale);
    return { title, messages, hasFieldErrors };
  }

  /**
   * Runs a submission. On failure keeps the problem and moves focus to the first field in error
   * (or to the form's alert), so keyboard and screen-reader users land where the message is.
   */
  async submit(form: HTMLElement | undefined, action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.problem = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.problem = asApiError(error);
      await tick();
      const target =
        form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form?.querySelector<HTMLElement>('.form-alert');
      target?.focus();
      return false;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.problem = null;
  }
}
