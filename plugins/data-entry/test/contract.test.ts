import { runPluginContract } from '@kado/plugin-sdk/testing';
import plugin from '../src/index.js';
import { samples } from './samples.js';

runPluginContract(plugin, samples);
