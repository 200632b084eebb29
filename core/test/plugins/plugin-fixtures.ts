import { fileURLToPath } from 'node:url';

/** The folder of test-only plugin packages (see fixtures/README.md): point a PluginHost here. */
export const PLUGIN_FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
