/**
 * @kado/plugin-sdk: the contract KADO work-type plugins compile against. Plugins import this package
 * only, never core; zod is re-exported so a plugin's schemas are the same zod the host validates with.
 */
export { z } from 'zod';
export { definePlugin, PluginShape, validatePluginDefinition } from './define-plugin.js';
export type { AnyPlugin, PluginDefinition, TimeWindow } from './definition.js';
export type { AcceptedResult, Exporter } from './exporters.js';
export { csvLine, csvRows, encodeText, type TextEncoding } from './formats/csv.js';
export { type XlsxCell, type XlsxSheet, xlsx } from './formats/xlsx.js';
export { type ZipEntry, zip } from './formats/zip.js';
export { type Importer, type ImportItem, type ImportSource, isImportError, textLines } from './importers.js';
export {
  type Box,
  type Comparison,
  compareBoxes,
  compareFields,
  consensusWinner,
  DEFAULT_AGREEMENT_THRESHOLD,
  iou,
  QUALITY_STRATEGIES,
  type QualityPolicy,
} from './quality.js';
export type { TaskViewProps } from './task-view.js';
