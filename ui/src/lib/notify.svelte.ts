import type { MessageArgs, MessageKey } from './i18n';
import { t } from './locale.svelte';

/**
 * Status messages ("saved", "invited …") shown in one visible live region, so screen readers announce them
 * too. Kept as key + params so a language switch re-renders them.
 */
const state = $state<{ render: (() => string) | null; seq: number }>({ render: null, seq: 0 });

export function announce<K extends MessageKey>(key: K, ...args: MessageArgs<K>): void {
  // Clear first: a live region announces a change, and the same message twice is not one.
  state.render = null;
  const seq = ++state.seq;
  setTimeout(() => {
    if (state.seq === seq) state.render = () => t(key, ...args);
  }, 60);
}

export function clearAnnouncement(): void {
  state.seq++;
  state.render = null;
}

export const announcement = {
  get text(): string {
    return state.render ? state.render() : '';
  },
};
