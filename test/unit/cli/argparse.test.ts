// argparse semantics (docs/compatibility.md#parsing) on the parse result itself; the byte-exact error texts are in the capture tests.
import { describe, expect, it } from "vitest";
import { parseCommandLine, type ParsedCommandLine } from "../../../src/cli/argparse-report.js";
import { UsageError } from "../../../src/core/errors.js";
import { isValidQuery } from "../../../src/core/output/query.js";
import { TEST_HOOKS } from "./outcome.js";

function parse(...argv: string[]): Extract<ParsedCommandLine, { kind: "command" }> {
  const parsed = parseCommandLine(argv, TEST_HOOKS);
  if (parsed.kind !== "command") throw new Error("expected a command");
  return parsed;
}

function errorOf(...argv: string[]): string {
  try {
    parseCommandLine(argv, TEST_HOOKS);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
  }
  throw new Error("expected a usage error");
}

const GAT = ["account", "get-access-token"];

describe("parseCommandLine", () => {
  it("accepts options in any order, after the command words", () => {
    const a = parse(...GAT, "--resource", "R", "-o", "json");
    const b = parse(...GAT, "-o", "json", "--resource", "R");
    expect(a.options).toEqual({ resource: "R" });
    expect(b.options).toEqual(a.options);
    expect(a.globals).toEqual({ output: "json", query: undefined, onlyShowErrors: false, debug: false, verbose: false });
    expect(a.spec.path).toEqual(GAT);
  });

  it("accepts --opt=value, -o=value and -ovalue", () => {
    expect(parse(...GAT, "--query=tokenType", "-o=tsv").globals).toMatchObject({ query: "tokenType", output: "tsv" });
    expect(parse(...GAT, "-ojson", "-tT1").globals.output).toBe("json");
    expect(parse(...GAT, "-tT1").options).toEqual({ tenant: "T1" });
  });

  it("expands unambiguous long prefixes, command and global options alike", () => {
    expect(parse(...GAT, "--resource-t", "arm", "--quer", "a", "--ten", "T").options).toEqual({ resourceType: "arm", tenant: "T" });
    expect(parse(...GAT, "--quer", "a").globals.query).toBe("a");
  });

  it("reports ambiguous prefixes with candidates in definition order", () => {
    expect(errorOf(...GAT, "--s", "x")).toBe("ambiguous option: --s could match --subscription, --scope");
    expect(errorOf("login", "--use", "x")).toBe("ambiguous option: --use could match --username, --use-device-code, --use-cert-sn-issuer");
  });

  it("lets the last occurrence win, for --scope the last group", () => {
    expect(parse(...GAT, "-t", "A", "--tenant", "B").options).toEqual({ tenant: "B" });
    expect(parse(...GAT, "--scope", "a", "b", "--scope", "c").options).toEqual({ scope: ["c"] });
    expect(parse(...GAT, "--scope").options).toEqual({ scope: [] });
  });

  it("needs = for values starting with -, except negative numbers", () => {
    expect(errorOf(...GAT, "--resource", "-x")).toBe("argument --resource: expected one argument");
    expect(parse(...GAT, "--resource=-x").options).toEqual({ resource: "-x" });
    expect(parse(...GAT, "--resource", "-1").options).toEqual({ resource: "-1" });
  });

  it("names every spelling of an option missing its value", () => {
    expect(errorOf(...GAT, "-n")).toBe("argument --subscription/-s/--name/-n: expected one argument");
    expect(errorOf("login", "--scope")).toBe("argument --scope: expected at least one argument");
  });

  it("collects unknown options and stray words in order", () => {
    expect(errorOf(...GAT, "x", "--bogus", "val", "-x", "--bogus=1")).toBe("unrecognized arguments: x --bogus val -x --bogus=1");
    expect(errorOf(...GAT, "--", "--resource", "x")).toBe("unrecognized arguments: -- --resource x");
  });

  it("lower-cases -o before checking; --resource-type matches any case and takes the choice's spelling", () => {
    expect(parse(...GAT, "-o", "TSV").globals.output).toBe("tsv");
    expect(parse(...GAT, "--resource-type", "MS-Graph").options).toEqual({ resourceType: "ms-graph" });
    expect(errorOf(...GAT, "-o", "XML")).toContain("'xml' is not a valid value for '--output'");
  });

  it("reports missing required options before unrecognized ones", () => {
    expect(errorOf("account", "set", "--bogus")).toBe("the following arguments are required: --subscription/-s/--name/-n");
    expect(parse("account", "set", "-s", "Contoso Dev").options).toEqual({ subscription: "Contoso Dev" });
  });

  it("reads --debug/--verbose/--only-show-errors from the raw argv, as knack does", () => {
    expect(parse(...GAT, "--debug", "--verbose", "--only-show-errors").globals).toMatchObject({ debug: true, verbose: true, onlyShowErrors: true });
    // a prefix parses but does not switch logging on
    expect(parse(...GAT, "--deb").globals.debug).toBe(false);
  });

  it("lower-cases command words that prefix a command", () => {
    expect(parse("ACCOUNT", "Get-Access-Token").spec.path).toEqual(GAT);
  });

  it("drops global options given before the command words (the leaf parser's defaults win)", () => {
    expect(parse("account", "list", "-o", "tsv").globals.output).toBe("tsv");
  });

  it("accepts what latest az adds", () => {
    expect(parse("login", "--identity", "--client-id", "C").options).toEqual({ identity: true, clientId: "C" });
    expect(parse("login", "-i", "--object-id", "O", "--resource-id", "R").options).toEqual({ identity: true, objectId: "O", resourceId: "R" });
    expect(parse("login", "--service-principal", "-u", "U", "--certificate", "c.pem", "-t", "T").options).toEqual({
      servicePrincipal: true,
      username: "U",
      certificate: "c.pem",
      tenant: "T",
    });
    expect(parse("login", "--claims-challenge", "X", "--scope", "a", "b").options).toEqual({ claimsChallenge: "X", scope: ["a", "b"] });
    expect(parse("account", "list", "--all", "--refresh").options).toEqual({ all: true, refresh: true });
    expect(parse("logout", "--username", "u").options).toEqual({ username: "u" });
    expect(parse("account", "show", "-n", "x").options).toEqual({ subscription: "x" });
    expect(parse("login", "--password=-secret", "-u", "u").options).toEqual({ password: "-secret", username: "u" });
  });

  it("has get-token as an alias of account get-access-token", () => {
    const parsed = parse("get-token", "--resource", "R", "--scope", "s");
    expect(parsed.options).toEqual({ resource: "R", scope: ["s"] });
    expect(parsed.spec.options).toEqual(parse(...GAT).spec.options);
  });

  it("checks --query with the hook while parsing (before later unknown options)", () => {
    expect(errorOf(...GAT, "--query", "[[", "--bogus")).toBe("argument --query: invalid jmespath_type value: '[['");
    // az 2.45 prints the value with Python's repr, which escapes a no-break space as it does every unprintable character
    const jmespath = { isValidQuery };
    expect(() => parseCommandLine([...GAT, "--query", "a\u00a0b!"], jmespath)).toThrow("argument --query: invalid jmespath_type value: 'a\\xa0b!'");
    expect(parse(...GAT, "--query", "[0]").globals.query).toBe("[0]");
    expect(parseCommandLine([...GAT, "--query", "[["]).kind).toBe("command");
  });

  it("shows help for --help anywhere unless an earlier error stops parsing", () => {
    expect(parseCommandLine([...GAT, "--bogus", "--help"]).kind).toBe("help");
    expect(parseCommandLine([...GAT, "--help", "-o", "xml"]).kind).toBe("help");
    expect(errorOf(...GAT, "-o", "xml", "--help")).toContain("is not a valid value");
    expect(errorOf(...GAT, "--help", "--res", "x")).toMatch(/^ambiguous option/);
  });

  it("answers az alone, help, --version and group words like az", () => {
    const welcome = parseCommandLine([]);
    expect(welcome.kind === "help" && welcome.text).toContain("Here are the base commands:\n");
    expect(parseCommandLine(["--debug"]).kind).toBe("help");
    const help = parseCommandLine(["help"]);
    expect(help.kind === "help" && help.text).toMatch(/^\nGroup\n {4}az\n/);
    const version = parseCommandLine(["--version"]);
    expect(version.kind === "help" && version.text).toMatch(/^azure-cli {20,}2\.\d+\.\d+\n/);
    expect(errorOf("account")).toBe("the following arguments are required: _subcommand");
    expect(parse("version", "-o", "json").spec.path).toEqual(["version"]);
  });
});
