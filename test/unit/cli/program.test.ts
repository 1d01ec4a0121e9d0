// commander's tree routes the canonical argv to the same spec and options argparse.ts produced.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../../src/cli/argparse.js";
import { canonicalArgv, dispatch } from "../../../src/cli/program.js";

function parsed(...argv: string[]) {
  const result = parseCommandLine(argv);
  if (result.kind !== "command") throw new Error("expected a command");
  return result;
}

describe("program", () => {
  it("builds the canonical argv from the parse result", () => {
    expect(canonicalArgv(parsed("account", "get-access-token", "--resource=R", "-t", "T", "--scope", "a", "b"))).toEqual([
      "account",
      "get-access-token",
      "--resource=R",
      "--scope",
      "a",
      "b",
      "--tenant=T",
    ]);
  });

  it.each([
    ["account", "get-access-token", "--resource-type", "MS-GRAPH", "-s", "S", "--scope"],
    ["login", "-i", "--client-id", "C", "--allow-no-subscriptions"],
    ["login", "--service-principal", "-u", "U", "-p=-secret", "--tenant", "T", "--scope", "x"],
    ["account", "set", "-n", "Contoso Dev"],
    ["account", "list", "--all"],
    ["get-token", "--resource", "R"],
    ["logout"],
    ["version"],
  ])("routes %s like argparse", async (...argv) => {
    const expected = parsed(...argv);
    const routed = await dispatch(expected);
    expect(routed.spec).toBe(expected.spec);
    expect(routed.options).toEqual(expected.options);
  });
});
