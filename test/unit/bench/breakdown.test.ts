// The refresh breakdown's preload, on a real process: every phase is measured, and they add up to the total.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { measureRefreshBreakdown, PHASES } from "../../../bench/breakdown.js";
import type { CheckedCase } from "../../../bench/cases.js";

const tmp = mkdtempSync(join(tmpdir(), "aztoken-breakdown-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("measureRefreshBreakdown", () => {
  it("times each phase of a process and the phases add up to its total", async () => {
    // A stand-in for the refresh: loads a module through a relative path, as bin/aztoken.js loads dist/.
    const command = { file: process.execPath, args: ["-e", "require('node:tls'); setTimeout(() => {}, 20)"], env: { PATH: process.env.PATH ?? "" }, cwd: "/" };
    const breakdown = await measureRefreshBreakdown({ id: "refresh", label: "refresh", display: "", command, expect: "nothing", quietStderr: true } as CheckedCase, 2, tmp);
    expect(breakdown.runs).toBe(2);
    expect(Object.keys(breakdown.phases)).toEqual(PHASES.map(([phase]) => phase));
    expect(breakdown.phases.node).toBeGreaterThan(0);
    expect(breakdown.phases.other).toBeGreaterThanOrEqual(15); // the timer
    const sum = Object.values(breakdown.phases).reduce((total, value) => total + value, 0);
    expect(Math.abs(sum - breakdown.totalMs)).toBeLessThan(breakdown.totalMs * 0.5); // medians of parts vs the median total
  });
});
