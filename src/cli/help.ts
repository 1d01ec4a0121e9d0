// az's help screens, laid out as knack's CLIHelp and azure-cli's CLIPrintMixin print them: fixed width 100
// (knack's textwrap_width; it never asks the terminal), arguments sorted by group, required-ness and name,
// one aligned column for all sections.
import { AZURE_CLI_COMPATIBLE_VERSION, AZURE_CLI_TELEMETRY_VERSION } from "../core/version.js";
import { GROUPS } from "./command-table.js";
import { GLOBAL_OPTIONS, HELP_OPTION } from "./global-options.js";
import type { CommandSpec, OptionSpec } from "./spec.js";
import { fill } from "./textwrap.js";

const WIDTH = 100;
const SEPARATOR = " : ";
const REQUIRED_TAG = "[Required]";

/** A group's direct children, for group help. */
export interface HelpChild {
  name: string;
  summary: string;
  isGroup: boolean;
}

/** knack's _print_indent: every "\n"-separated paragraph wrapped on its own. */
function indented(text: string, indent = 0, hangingSpaces = -1, width = WIDTH): string {
  const initialIndent = "    ".repeat(indent);
  const subsequentIndent = hangingSpaces === -1 ? initialIndent : " ".repeat(hangingSpaces);
  return text
    .split("\n")
    .map((paragraph) => fill(paragraph, { width, initialIndent, subsequentIndent }) + "\n")
    .join("");
}

/** HelpObject._normalize_text: capitalised, with a final full stop. */
function normalize(text: string | undefined): string {
  if (!text || text.length < 2) return text ?? "";
  const s = text.trim();
  return s[0]!.toUpperCase() + s.slice(1) + (".!?".includes(s[s.length - 1]!) ? "" : ".");
}

function header(kind: "Command" | "Group", path: readonly string[], summary: string, description?: string): string {
  const name = ["az", ...path].join(" ");
  const longSummary = normalize(description);
  return (
    "\n" +
    indented(kind) +
    indented(`${name}${summary ? SEPARATOR + summary : ""}`, 1) +
    indented(longSummary, 2) +
    (longSummary ? "\n" : "")
  );
}

function findMessage(path: readonly string[]): string {
  return indented(`To search AI knowledge base for examples, use: az find "az ${path.join(" ")}"\n`);
}

interface ArgumentRow {
  name: string;
  tags: string;
  summary: string;
  group: string | null;
  sortKey: string;
}

function argumentRow(option: OptionSpec, priorities: Map<string | null, number>): ArgumentRow {
  const name = [...option.flags].sort().join(" ");
  const group = option.group ? `${option.group} Arguments` : null;
  const choices = option.choices ? `  Allowed values: ${[...option.choices].sort().join(", ")}.` : "";
  const fallback = option.default ? `  Default: ${option.default}.` : "";
  const priority = String(priorities.get(group) ?? 0).padStart(6, "0");
  return {
    name,
    tags: option.required ? REQUIRED_TAG : "",
    summary: (normalize(option.help) + choices + fallback).trim(),
    group,
    sortKey: `${priority}${option.required ? "False" : "True"}${name}`,
  };
}

/** knack's ArgumentGroupRegistry as azure-cli extends it. */
function groupPriorities(groups: Array<string | null>): Map<string | null, number> {
  const priorities = new Map<string | null, number>([
    [null, 0],
    ["Resource Id Arguments", 1],
    ["Generic Update Arguments", 998],
    ["Global Arguments", 1000],
  ]);
  const others = [...new Set(groups)].filter((g): g is string => g !== null && !priorities.has(g)).sort();
  others.forEach((g, i) => priorities.set(g, i + 2));
  return priorities;
}

function argumentsSection(options: readonly OptionSpec[]): string {
  const visible = options.filter((o) => !o.hidden);
  const priorities = groupPriorities(visible.map((o) => (o.group ? `${o.group} Arguments` : null)));
  const rows = visible.map((o) => argumentRow(o, priorities)).sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const lineLength = (row: ArgumentRow) => row.name.length + row.tags.length + (row.tags ? 2 : 1);
  const maxLength = Math.max(...rows.map(lineLength));
  let text = indented("Arguments");
  // knack starts from "" so that the untitled main group prints no title
  let lastGroup: string | null = "";
  for (const row of rows) {
    if (row.group !== lastGroup) {
      if (row.group) text += `\n${row.group}\n`;
      lastGroup = row.group;
    }
    const padding = " ".repeat(maxLength - lineLength(row) + (row.tags ? 1 : 0));
    const line = `${row.name}${padding}${row.tags}${row.summary ? SEPARATOR : ""}${row.summary}`;
    text += indented(line, 1, maxLength + 4 + SEPARATOR.length - 1);
  }
  return text + "\n";
}

function examplesSection(spec: CommandSpec): string {
  if (spec.examples.length === 0) return "";
  return indented("Examples") + spec.examples.map((e) => indented(e.summary, 1) + indented(e.command, 2) + "\n").join("");
}

/** `az <command> --help`. */
export function renderCommandHelp(spec: CommandSpec): string {
  return (
    header("Command", spec.path, normalize(spec.summary), spec.description) +
    argumentsSection([HELP_OPTION, ...GLOBAL_OPTIONS, ...spec.options]) +
    examplesSection(spec) +
    findMessage(spec.path)
  );
}

function childList(title: string, children: HelpChild[], maxLength: number): string {
  if (children.length === 0) return "";
  const rows = [...children].sort((a, b) => (a.name < b.name ? -1 : 1));
  const lines = rows.map((c) => {
    const summary = normalize(c.summary).replace(/\n/g, " ");
    const line = `${c.name}${" ".repeat(maxLength - c.name.length - 1)}${summary ? SEPARATOR : ""}${summary}`;
    return indented(line, 1, maxLength + 4 + SEPARATOR.length - 1);
  });
  return `${title}\n${lines.join("")}\n`;
}

/** `az --help`, `az account --help`: subgroups, then commands. */
export function renderGroupHelp(path: readonly string[], children: HelpChild[]): string {
  const maxLength = Math.max(...children.map((c) => c.name.length + 1));
  const summary = path.length === 0 ? "" : normalize(GROUPS.get(path.join(" ")));
  return (
    header("Group", path, summary) +
    childList("Subgroups:", children.filter((c) => c.isGroup), maxLength) +
    childList("Commands:", children.filter((c) => !c.isGroup), maxLength) +
    findMessage(path)
  );
}

const WELCOME_MESSAGE = String.raw`
     /\
    /  \    _____   _ _  ___ _
   / /\ \  |_  / | | | \'__/ _\
  / ____ \  / /| |_| | | |  __/
 /_/    \_\/___|\__,_|_|  \___|


Welcome to the cool new Azure CLI!

Use ` + "`az --version`" + ` to display the current version.
Here are the base commands:
`;

/** `az` alone: the banner and the top-level names. (az also prints a privacy notice on its very first run.) */
export function renderWelcome(children: HelpChild[]): string {
  const maxLength = Math.max(...children.map((c) => c.name.length));
  const rows = [...children].sort((a, b) => (a.name < b.name ? -1 : 1));
  const list = rows.map((c) => {
    const summary = normalize(c.summary);
    const line = `${c.name}${" ".repeat(maxLength - c.name.length)}${summary ? SEPARATOR + summary : ""}`;
    return indented(line, 1, maxLength + 4 + SEPARATOR.length - 1);
  });
  return indented(WELCOME_MESSAGE) + list.join("");
}

/** `az --version`: az's component table, reduced to what aztoken stands in for. */
export function renderVersion(): string {
  const row = (name: string, version: string) => name + " ".repeat(Math.max(1, 40 - name.length - version.length)) + version + "\n";
  return (
    row("azure-cli", AZURE_CLI_COMPATIBLE_VERSION) +
    "\n" +
    row("core", AZURE_CLI_COMPATIBLE_VERSION) +
    row("telemetry", AZURE_CLI_TELEMETRY_VERSION) +
    "\nLegal docs and information: aka.ms/AzureCliLegal\n\n"
  );
}
