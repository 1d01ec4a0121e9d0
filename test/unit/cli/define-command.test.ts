// defineCommand binds a command's option specs to its options type. The @ts-expect-error lines are the tests that
// matter: `npm run typecheck` fails if any of them stops being an error (a renamed dest would compile again).
import { describe, expect, it } from "vitest";
import { defineCommand, type CommandContext, type OptionSpec } from "../../../src/cli/spec.js";

interface DemoOptions {
  username?: string;
  all?: boolean;
  scope?: string[];
  subscription: string;
}

const run = async (options: DemoOptions) => ({ result: options });
const base = { path: ["demo"], summary: "Demo.", examples: [], load: async () => ({ run }) };
const SUBSCRIPTION = { dest: "subscription", flags: ["-s"], nargs: 1, required: true, help: "" } as const satisfies OptionSpec;

describe("defineCommand", () => {
  it("runs the loaded module with the parsed options and the context", async () => {
    const spec = defineCommand<DemoOptions>({
      ...base,
      options: [SUBSCRIPTION, { dest: "username", flags: ["-u"], nargs: 1, help: "" }, { dest: "scope", flags: ["--scope"], nargs: "+", help: "" }],
    });
    const options = { subscription: "S", scope: ["a"] };
    expect(await spec.run(options, {} as CommandContext)).toEqual({ result: options });
    expect(spec.options.map((o) => o.dest)).toEqual(["subscription", "username", "scope"]);
  });

  it("rejects at compile time a dest that is not in the options type, a nargs of the wrong type, a missing `required`", () => {
    defineCommand<DemoOptions>({
      ...base,
      options: [
        SUBSCRIPTION,
        // @ts-expect-error: "user" is not a property of DemoOptions (a dest renamed on one side only)
        { dest: "user", flags: ["-u"], nargs: 1, help: "" },
        // @ts-expect-error: `all` is a boolean, which only a switch (nargs 0) yields
        { dest: "all", flags: ["--all"], nargs: 1, help: "" },
        // @ts-expect-error: `scope` is a list, which nargs 1 does not yield
        { dest: "scope", flags: ["--scope"], nargs: 1, help: "" },
      ],
    });
    defineCommand<DemoOptions>({
      ...base,
      // @ts-expect-error: `subscription` is not optional in DemoOptions, so its spec must say `required: true`
      options: [{ dest: "subscription", flags: ["-s"], nargs: 1, help: "" }],
    });
    defineCommand<{ username?: string }>({
      ...base,
      options: [],
      // @ts-expect-error: the module's run needs DemoOptions (a required subscription), more than the spec's options type
      load: async () => ({ run }),
    });
    expect(true).toBe(true);
  });
});
