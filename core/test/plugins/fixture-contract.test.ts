import { runPluginContract } from '@kado/plugin-sdk/testing';
import minimal from './fixtures/minimal/index.js';
import { minimalSamples } from './fixtures/minimal/samples.js';

// The SDK's contract kit, run the way every plugin runs it against itself.
runPluginContract(minimal, minimalSamples);
