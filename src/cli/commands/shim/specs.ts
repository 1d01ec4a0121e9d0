// The `shim` commands as command-table entries (aztoken's own, not az's); cli/command-table.ts lists them.
import { defineCommand, type CommandSpec, type OptionSpec } from "../../spec.js";
import type { ShimOptions } from "./install.js";

const DIR = {
  dest: "dir",
  flags: ["--dir"],
  nargs: 1,
  help:
    "Directory for the launchers. Default: the per-user bin directory, $XDG_BIN_HOME or ~/.local/bin on Linux and macOS, " +
    "%LOCALAPPDATA%\\aztoken\\bin on Windows.",
} as const satisfies OptionSpec;

export const SHIM_GROUP: readonly [string, string] = ["shim", "Run aztoken whenever tools run `az`."];

export const SHIM_COMMANDS: readonly CommandSpec[] = [
  defineCommand<ShimOptions>({
    path: ["shim", "install"],
    summary: "Install an `az` launcher that runs aztoken for the commands it implements.",
    description:
      "Writes `az` (and `az.cmd` on Windows) into the directory. The launcher runs aztoken for account get-access-token, show, list, set and clear, login, logout, version and get-token, and hands every other command to the Azure CLI found later on PATH. The directory must come before the Azure CLI's on PATH.",
    options: [DIR],
    examples: [
      { summary: "Install into ~/.local/bin (Linux, macOS) or %LOCALAPPDATA%\\aztoken\\bin (Windows).", command: "aztoken shim install" },
      { summary: "Install into a directory of your choice.", command: "aztoken shim install --dir /usr/local/bin" },
    ],
    load: () => import("./install.js"),
  }),
  defineCommand<ShimOptions>({
    path: ["shim", "uninstall"],
    summary: "Remove the `az` launchers that `shim install` wrote.",
    description: "Removes only files carrying aztoken's launcher marker; any other `az` in the directory is left alone and reported.",
    options: [DIR],
    examples: [],
    load: () => import("./uninstall.js"),
  }),
];
