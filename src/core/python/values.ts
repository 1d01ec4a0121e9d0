// The values a result can hold, with the Python semantics az prints them by. JS numbers cannot tell the Python
// float 3.0 from the int 3, so query code boxes integral floats in PyFloat; everything else is plain JSON data.

/** A Python float whose value is integral (3.0, 1e100, -0.0). Non-integral or non-finite numbers are floats already. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyNumber = number | PyFloat;

export function isPyNumber(value: unknown): value is PyNumber {
  return typeof value === "number" || value instanceof PyFloat;
}

export function numberValue(value: PyNumber): number {
  return typeof value === "number" ? value : value.value;
}

/**
 * True for numbers Python would hold as float. An integral number from 1e21 up counts as one: JS writes and
 * reads those in exponent form (JSON.stringify(1e21) is "1e+21", which Python's json.loads makes a float).
 */
export function isFloat(value: PyNumber): boolean {
  if (value instanceof PyFloat) return true;
  return !Number.isInteger(value) || Object.is(value, -0) || Math.abs(value) >= 1e21;
}

/** A number as a Python float or int, choosing float when `asFloat` (keeps 3.0 apart from 3). */
export function toPyNumber(value: number, asFloat: boolean): PyNumber {
  return asFloat && (Number.isInteger(value) || Object.is(value, -0)) ? new PyFloat(value) : value;
}

export type PyObject = Record<string, unknown>;

/** A plain object (Python dict); class instances such as PyFloat are not. */
export function isPyObject(value: unknown): value is PyObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [mantissa = "0", exponentText = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const pointAt = exponent + 1;
  if (pointAt <= 0) return `${sign}0.${"0".repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${"0".repeat(pointAt - digits.length)}.0`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** Python `str()` of an int or float. */
export function pyNumberStr(value: PyNumber): string {
  const x = numberValue(value);
  if (isFloat(value)) return pyFloatRepr(x);
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** Python `str()` of a scalar as tsv and table cells print it (None, True, 1.5). */
export function pyScalarStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (isPyNumber(value)) return pyNumberStr(value);
  return String(value);
}
