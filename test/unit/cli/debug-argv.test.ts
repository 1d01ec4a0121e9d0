// --debug prints the command line; a secret option's value must be masked in every spelling argparse accepts
// (unambiguous prefixes, "=" values, attached short values, short switches clustered in front). The cases are
// generated from the option table, so an option marked `secret` later is covered without touching this file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run.js";
import { COMMANDS } from "../../../src/cli/command-table.js";
import { GLOBAL_OPTIONS, HELP_OPTION } from "../../../src/cli/global-options.js";
import type { CommandSpec, OptionSpec } from "../../../src/cli/spec.js";
import { memoryDeps } from "../../support/memory-deps.js";

const SECRET = "Sup3rS3cretValue";
const configDir = mkdtempSync(join(tmpdir(), "aztoken-debug-argv-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

/** Every way argparse lets a user pass `value` to `option` of `command`. */
function spellings(command: CommandSpec, option: OptionSpec, value: string): string[][] {
  const levelOptions = [HELP_OPTION, ...GLOBAL_OPTIONS, ...command.options];
  const allFlags = levelOptions.flatMap((o) => o.flags);
  const forms: string[][] = [];
  for (const flag of option.flags) {
    if (flag.startsWith("--")) {
      for (let length = 3; length <= flag.length; length++) {
        const prefix = flag.slice(0, length);
        const owners = new Set(levelOptions.filter((o) => o.flags.some((f) => f.startsWith("--") && f.startsWith(prefix))));
        // the full flag always parses as itself; a shorter prefix only when it names one option and is no flag itself
        if (prefix !== flag && (owners.size !== 1 || allFlags.includes(prefix))) continue;
        forms.push([prefix, value], [`${prefix}=${value}`]);
      }
    } else {
      forms.push([flag, value], [`${flag}${value}`], [`${flag}=${value}`]);
      // short switches clustered in front: -ip SECRET, -ipSECRET, -ip=SECRET
      for (const other of levelOptions) {
        const short = other.flags.find((f) => /^-[a-zA-Z]$/.test(f));
        if (other.nargs !== 0 || !short || other === HELP_OPTION) continue;
        const cluster = `${short}${flag.slice(1)}`;
        forms.push([cluster, value], [`${cluster}${value}`], [`${cluster}=${value}`]);
      }
    }
  }
  return forms;
}

const cases = COMMANDS.flatMap((command) =>
  command.options.filter((option) => option.secret).flatMap((option) => spellings(command, option, SECRET).map((form) => ({ command, form }))),
);

describe("--debug's argv line", () => {
  it("knows the secret-bearing options of login", () => {
    const login = COMMANDS.find((c) => c.path.join(" ") === "login")!;
    const secret = login.options.filter((o) => o.secret).map((o) => o.dest);
    expect(secret).toEqual(expect.arrayContaining(["password", "federatedToken", "certificate"]));
    // the generator must produce the spellings users type (--federated-token-file/-provider/-audience make the
    // shorter prefixes of --federated-token ambiguous, so it has only its full spelling)
    const forms = cases.filter(({ command }) => command === login).map(({ form }) => form.join(" "));
    for (const expected of [`--pa ${SECRET}`, `--pa=${SECRET}`, `-p${SECRET}`, `-p=${SECRET}`, `--federated-token ${SECRET}`, `--federated-token=${SECRET}`]) {
      expect(forms).toContain(expected);
    }
  });

  it.each(cases.map(({ command, form }) => [[...command.path, ...form].join(" "), command, form] as const))("masks %s", async (_name, command, form) => {
    const deps = memoryDeps({ env: { AZURE_CONFIG_DIR: configDir } });
    const argv = [...command.path, "--service-principal", "-u", "app-id", "--tenant", "t1", ...form, "--debug"];
    await runCli(argv, deps);
    const stderr = deps.io.stderr.text();
    const argvLine = stderr.split("\n").find((line) => line.includes("Command arguments"));
    expect(argvLine, stderr).toBeDefined();
    expect(argvLine).toContain("<redacted>");
    expect(argvLine).not.toContain(SECRET);
    // only the value is masked: the option as typed stays readable
    // (argparse reads -ip=X as -i, then -p with the value "=X", so the "=" may go with the value)
    const masked = form.map((arg) => arg.replace(SECRET, "<redacted>"));
    const alsoMasked = masked.map((arg) => arg.replace(/^(-[a-zA-Z]{2,})=<redacted>$/, "$1<redacted>"));
    expect([masked, alsoMasked].map((m) => JSON.stringify(m).slice(1, -1)).some((m) => argvLine!.includes(m)), argvLine).toBe(true);
  });

  it("leaves the values of other options alone", async () => {
    const deps = memoryDeps({ env: { AZURE_CONFIG_DIR: configDir } });
    await runCli(["login", "-u", "someone@example.com", "--tenant=contoso", "--debug", "--use-device-code"], deps);
    expect(deps.io.stderr.text()).toContain('["login","-u","someone@example.com","--tenant=contoso","--debug",');
  });
});
