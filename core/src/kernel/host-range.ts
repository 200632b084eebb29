/**
 * The one kind of version range plugins declare for the host: a caret range `^x.y.z`, with npm's meaning
 * (`^1.2.3` is >=1.2.3 <2.0.0, `^0.2.3` is >=0.2.3 <0.3.0, `^0.0.3` is exactly 0.0.3). A pre-release
 * host version satisfies no range. Small on purpose; not a semver library.
 */
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
const CARET = /^\^(\d+)\.(\d+)\.(\d+)$/;

export const isCaretRange = (range: string) => CARET.test(range);

export function satisfiesCaret(version: string, range: string): boolean {
  const v = VERSION.exec(version)?.slice(1).map(Number);
  const r = CARET.exec(range)?.slice(1).map(Number);
  if (!v || !r) return false;
  const [major, minor, patch] = v as [number, number, number];
  const [rMajor, rMinor, rPatch] = r as [number, number, number];
  const atLeast = major !== rMajor ? major > rMajor : minor !== rMinor ? minor > rMinor : patch >= rPatch;
  if (!atLeast) return false;
  if (rMajor > 0) return major === rMajor;
  if (rMinor > 0) return major === 0 && minor === rMinor;
  return major === 0 && minor === 0 && patch === rPatch;
}
