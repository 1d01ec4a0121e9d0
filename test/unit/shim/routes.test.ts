// The routing table: in step with the command table and with argparse's reading of the root options.
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/cli/command-table.js";
import { GLOBAL_OPTIONS, HELP_OPTION } from "../../../src/cli/global-options.js";
import {
  AZTOKEN_COMMANDS,
  NO_AZURE_CLI_MESSAGE,
  ROOT_SHORT_VALUE_OPTION,
  ROOT_SWITCHES,
  ROOT_VALUE_OPTIONS,
  longOptionSpellings,
  routesByFirstWord,
} from "../../../src/core/shim/routes.js";

const names = (paths: readonly (readonly string[])[]) => paths.map((words) => words.join(" ")).sort();

describe("routing table", () => {
  it("routes exactly the az commands aztoken implements (its own shim, kubectl and serve commands stay aztoken-only)", () => {
    const aztokenOnly = new Set(["shim", "exec-credential", "kubeconfig", "serve"]); // no az command has these names
    const implemented = COMMANDS.map((spec) => spec.path).filter((path) => !aztokenOnly.has(path[0]!));
    expect(names(AZTOKEN_COMMANDS)).toEqual(names(implemented));
  });

  it("skips exactly the options az's root parser has, help excepted", () => {
    const root = [HELP_OPTION, ...GLOBAL_OPTIONS];
    const flags = (nargs: 0 | 1) => root.filter((o) => o.nargs === nargs && o.dest !== "help").flatMap((o) => o.flags);
    expect([...ROOT_SWITCHES].sort()).toEqual(flags(0).sort());
    expect([...ROOT_VALUE_OPTIONS, ROOT_SHORT_VALUE_OPTION].sort()).toEqual(flags(1).sort());
  });

  it("accepts the unambiguous prefixes argparse accepts", () => {
    expect(longOptionSpellings("--output")).toEqual(["--ou", "--out", "--outp", "--outpu", "--output"]);
    expect(longOptionSpellings("--query")).toEqual(["--q", "--qu", "--que", "--quer", "--query"]);
    expect(longOptionSpellings("--only-show-errors")[0]).toBe("--on");
    expect(longOptionSpellings("--debug")[0]).toBe("--d");
  });

  it("groups routes by first word, lower-cased, in table order", () => {
    expect([...routesByFirstWord()]).toEqual([
      ["account", ["get-access-token", "show", "list", "set", "clear"]],
      ["login", true],
      ["logout", true],
      ["version", true],
      ["get-token", true],
    ]);
  });

  it("says 'az: ... not found' the way the SDKs detect a missing Azure CLI", () => {
    expect(NO_AZURE_CLI_MESSAGE).toMatch(/az:(.*)not found/); // @azure/identity (JS)
    expect(NO_AZURE_CLI_MESSAGE).toMatch(/(?:az|az\.cmd)(?:\s*:\s*|\s+)(?:command\s+)?not\s+found/i); // Azure.Identity (.NET)
    expect(NO_AZURE_CLI_MESSAGE).not.toContain("\n");
  });
});
