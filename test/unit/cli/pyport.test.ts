// The Python ports, checked against values printed by CPython 3.11 (difflib, textwrap).
import { describe, expect, it } from "vitest";
import { getCloseMatches, ratio } from "../../../src/cli/difflib.js";
import { fill } from "../../../src/cli/textwrap.js";

describe("difflib", () => {
  it("matches get_close_matches", () => {
    expect(getCloseMatches("jsn", ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"], 3, 0.7)).toEqual(["json", "jsonc"]);
    const types = ["oss-rdbms", "arm", "aad-graph", "ms-graph", "batch", "media", "data-lake"];
    expect(getCloseMatches("ms-grap", types, 3, 0.5)).toEqual(["ms-graph", "aad-graph"]);
    expect(getCloseMatches("abcd", ["abce", "abdc", "bacd", "abcf"], 3, 0.7)).toEqual(["bacd", "abdc", "abcf"]);
  });

  it("matches SequenceMatcher.ratio", () => {
    expect(ratio("arn", "arm")).toBeCloseTo(0.6666666666666666, 12);
    expect(ratio("abcabc", "cbacba")).toBe(0.5);
  });
});

describe("textwrap", () => {
  it("matches TextWrapper.fill (hyphens, long words)", () => {
    const text = "az account get-access-token --resource-type ms-graph --subscription 0000-1111";
    expect(fill(text, { width: 30, subsequentIndent: "  " })).toBe("az account get-access-token\n  --resource-type ms-graph\n  --subscription 0000-1111");
    expect(fill("/subscriptions/<subscriptionId>/resourcegroups/myRG", { width: 20 })).toBe("/subscriptions/<subs\ncriptionId>/resource\ngroups/myRG");
    expect(fill("see https://docs.microsoft.com/en-us/cli/azure", { width: 24 })).toBe("see https://docs.microso\nft.com/en-us/cli/azure");
  });
});
