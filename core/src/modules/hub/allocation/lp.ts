import highsImport, { type Highs } from 'highs';

// highs ships CommonJS types with `export default`, so under NodeNext TypeScript types the default import as
// the module object, while Node's ESM import (build/highs.mjs) gives the loader itself. Accept both.
type Loader = () => Promise<Highs>;
const highsLoader = ((highsImport as unknown as { default?: Loader }).default ??
  highsImport) as unknown as Loader;

/** Loaded once per process: the WASM module is a few MB and each solve makes a fresh native model anyway. */
let loading: Promise<Highs> | undefined;
export const loadHighs = (): Promise<Highs> => {
  loading ??= highsLoader();
  return loading;
};

/**
 * A column-wise sparse LP/MIP handed to HiGHS as arrays (passModel), not as LP text: the bench model has
 * ~10^5 columns and text would be tens of MB to print and parse.
 */
export class LpBuilder {
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly colCost: number[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly integer: number[] = [];
  readonly starts: number[] = [0];
  readonly index: number[] = [];
  readonly values: number[] = [];

  addRow(lower: number, upper: number): number {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  /** entries: alternating row, value. */
  addCol(cost: number, lower: number, upper: number, entries: number[], integer = false): number {
    for (let i = 0; i < entries.length; i += 2) {
      this.index.push(entries[i]!);
      this.values.push(entries[i + 1]!);
    }
    this.starts.push(this.index.length);
    this.colCost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.colCost.length - 1;
  }
}

export type LpOutcome =
  | { status: 'optimal'; objective: number; x: Float64Array; reducedCost: Float64Array | null }
  | { status: 'infeasible' }
  | { status: 'stopped'; reason: number };

export async function solveLp(
  lp: LpBuilder,
  sense: 'min' | 'max',
  options: { mip: boolean; timeLimitSeconds?: number; integerObjective?: boolean },
): Promise<LpOutcome> {
  const highs = await loadHighs();
  const inf = highs.infinity;
  const fix = (a: number[]) =>
    Float64Array.from(a, (v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
  const model = highs.createModel({
    numCols: lp.colCost.length,
    numRows: lp.rowLower.length,
    sense:
      sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(lp.colCost),
    colLower: fix(lp.colLower),
    colUpper: fix(lp.colUpper),
    rowLower: fix(lp.rowLower),
    rowUpper: fix(lp.rowUpper),
    matrix: {
      format: 'csc',
      numRows: lp.rowLower.length,
      numCols: lp.colCost.length,
      starts: Int32Array.from(lp.starts),
      indices: Int32Array.from(lp.index),
      values: Float64Array.from(lp.values),
    },
    ...(options.mip ? { integrality: Int32Array.from(lp.integer) } : {}),
  });
  try {
    const set: Record<string, number | boolean | string> = { output_flag: false };
    if (options.timeLimitSeconds) set.time_limit = options.timeLimitSeconds;
    // Integer yen objective: a gap below one yen proves the optimum; the default 0.01 % relative gap would not.
    if (options.mip)
      Object.assign(set, { mip_rel_gap: 0, mip_abs_gap: options.integerObjective ? 0.999 : 1e-6 });
    model.options.set(set);
    model.run();
    const status = model.getModelStatus();
    const codes = highs.constants.modelStatus;
    // No columns (no centre takes the work): feasible only if every row allows 0, e.g. no tasks at all.
    if (status === codes.empty) {
      const zeroFits = lp.rowLower.every((lo, i) => lo <= 0 && lp.rowUpper[i]! >= 0);
      return zeroFits
        ? { status: 'optimal', objective: 0, x: new Float64Array(lp.colCost.length), reducedCost: null }
        : { status: 'infeasible' };
    }
    if (status === codes.optimal) {
      const sol = model.getSolution();
      return {
        status: 'optimal',
        objective: model.getObjectiveValue(),
        x: sol.colValue,
        reducedCost: options.mip ? null : sol.colDual,
      };
    }
    if (status === codes.infeasible) return { status: 'infeasible' };
    return { status: 'stopped', reason: status };
  } finally {
    model.dispose();
  }
}
