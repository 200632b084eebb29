/**
 * The props the host passes to a plugin's task workspace component (`ui.task`, a Svelte 5 component).
 * The host draws the page around it (task title, timer, save draft / submit buttons); the component shows
 * the task and reports the worker's answer through `onchange`. It must work with keyboard, mouse and touch
 * and on a phone-sized screen, and label every control in the given locale.
 */
export interface TaskViewProps<Task = unknown, Submission = unknown, Parameters = unknown> {
  task: Task;
  parameters: Parameters;
  /** The saved draft or the submission being reviewed; undefined for a fresh task. */
  value: Submission | undefined;
  locale: 'ja' | 'en';
  /** True when reviewing or after submitting: show, do not edit. */
  readonly: boolean;
  /** The URL of a file of the project (an image, a scan) that a task payload names. */
  fileUrl(name: string): string;
  /** The worker's current answer, whenever it changes (the host validates it against `submission`). */
  onchange(value: Submission): void;
}
