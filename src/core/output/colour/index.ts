// jsonc / yamlc on a terminal: knack runs the json/yaml text through Pygments' lexer and TerminalFormatter.
import { formatJson } from "../json.js";
import { formatYaml } from "../yaml.js";
import { lexJson } from "./json-lexer.js";
import { formatTokens, prepareForLexer } from "./terminal-formatter.js";
import { lexYaml } from "./yaml-lexer.js";

export function formatJsonColour(value: unknown): string {
  return formatTokens(lexJson(prepareForLexer(formatJson(value))));
}

export function formatYamlColour(value: unknown): string {
  return formatTokens(lexYaml(prepareForLexer(formatYaml(value))));
}
