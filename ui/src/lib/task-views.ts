import type { Component } from 'svelte';

/**
 * The task workspace of every installed work-type plugin (`plugins/<id>/ui/TaskView.svelte`), found at
 * build time and loaded on first use, so a worker's phone downloads only the workspace it needs.
 */
const views = import.meta.glob<{ default: Component<Record<string, unknown>> }>(
  '../../../plugins/*/ui/TaskView.svelte',
);

const byId = new Map(
  Object.entries(views).map(([path, load]) => [path.split('/plugins/')[1]!.split('/')[0]!, load] as const),
);

/** The plugin's workspace component, or null when no installed plugin has that id. */
export async function loadTaskView(workType: string): Promise<Component<Record<string, unknown>> | null> {
  const load = byId.get(workType);
  return load ? (await load()).default : null;
}

export const taskViewIds = () => [...byId.keys()].sort();
