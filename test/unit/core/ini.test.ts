// parseIni skips its regular expressions where a character check already knows their answer (each costs a
// compile on every run); the answers must be those of the plain expressions, kept here as the reference.
import { describe, expect, it } from "vitest";
import { formatIni, parseIni, type IniData } from "../../../src/core/ini.js";

function referenceParseIni(text: string): IniData {
  const data: IniData = new Map();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(rawLine)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(rawLine);
    if (header) {
      const name = header[1]!;
      section = data.get(name) ?? new Map<string, string>();
      data.set(name, section);
      lastKey = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(rawLine) && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey)}\n${rawLine.trim()}`);
      continue;
    }
    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(rawLine);
    if (!match) continue;
    lastKey = match[1]!.trim().toLowerCase();
    section.set(lastKey, match[2]!.trim());
  }
  return data;
}

const CASES: Record<string, string> = {
  "az's config": "[cloud]\nname = AzureCloud\n\n[core]\noutput = json\nfirst_run = yes\n",
  "CRLF line ends": "[core]\r\noutput = table\r\nno_color = True\r\n",
  "a lone CR inside a line, and one at the end": "[core]\noutput = ta\rble\nname = x\r",
  "BOM, comments, blank and whitespace-only lines": "\uFEFF# top\n; also\n[core]\n  # indented comment\n\t\n   \noutput=yaml\n",
  "continuation lines (space, tab, no-break space)": "[MyCloud]\nendpoints = a\n  b\n\tc\n\u00a0d\nnext: value\n",
  "unicode separators and exotic spaces": "[s]\nkey = v\u2028w\n\u2028# not quite a comment\n\u3000indented = 1\n\u00a0# nbsp comment\n",
  "headers with trailing spaces, empty brackets, nested brackets": "[a]  \nx=1\n[]\ny=2\n[b]]\nz=3\n[c] trailing\nw=4\n",
  "keys with colons and equals, values with both": "[s]\nurl: https://host:443/path=1\nkey=a=b:c\n = no key\n:also none\n",
  "lines before any section, a comment after a continuation": "orphan = 1\n[s]\na = 1\n  more\n# c\n  after comment\n",
  "upper-case keys and repeated sections": "[S]\nKey = 1\n[S]\nOther = 2\nkey = 3\n",
  empty: "",
  "only a BOM": "\uFEFF",
  "no final newline": "[s]\na = 1",
  "control characters": "[s]\n\u0001key = 1\n\u007fdel = 2\n\u0085nel = 3\n",
};

describe("parseIni", () => {
  it.each(Object.entries(CASES))("%s: the same as the plain regular expressions", (_name, text) => {
    expect(parseIni(text)).toEqual(referenceParseIni(text));
  });

  it("reads back what formatIni writes, multi-line values included", () => {
    const data: IniData = new Map([
      ["core", new Map([["output", "json"]])],
      ["MyCloud", new Map([["endpoints", "a\nb"]])],
    ]);
    expect(parseIni(formatIni(data))).toEqual(data);
  });
});
