// tabulate 0.8.9, format "simple", headers="keys", disable_numparse=True: every column is left-aligned text.
import { pyRstrip, pySplitLines, pyStrip } from "../python/text.js";
import { pyStr } from "../python/repr.js";

const INVISIBLE_CODES = /\x1b\[\d+[;\d]*m|\x1b\[\d*;\d*;\d*m|\x1b\]8;;(.*?)\x1b\\/g;
const INVISIBLE_LINK = /\x1b]8;[a-zA-Z0-9:]*;[^\x1b]+\x1b\\([^\x1b]+)\x1b]8;;\x1b\\/g;
const MIN_PADDING = 2;

type Row = [string, unknown][];

export function renderSimpleTable(rows: Row[]): string {
  const headers = uniqueKeys(rows);
  // With no columns tabulate has no rows either (zip of nothing) and prints nothing.
  if (headers.length === 0) return "";
  const cells = rows.map((row) => {
    const byKey = new Map(row);
    return headers.map((header) => (byKey.has(header) ? formatCell(byKey.get(header)) : ""));
  });
  const plainText = [headers.join("\t"), ...cells.map((row) => row.join("\t"))].join("\t");
  const hasInvisible = new RegExp(INVISIBLE_CODES.source).test(plainText) || new RegExp(INVISIBLE_LINK.source).test(plainText);
  const multiline = /[\r\n]/.test(plainText);
  const lineWidth = hasInvisible ? visibleWidth : codePointLength;
  const width = (text: string) => (multiline ? Math.max(...text.split(/[\r\n]/).map(lineWidth)) : lineWidth(text));

  const columns = headers.map((_, c) => cells.map((row) => pyStrip(row[c] as string)));
  const widths = headers.map((header, c) => Math.max(width(header) + MIN_PADDING, ...(columns[c] as string[]).map(width)));
  const pad = (text: string, c: number) => padRight(text, (widths[c] as number) + codePointLength(text) - lineWidth(text));
  const cellLines = (cell: string, c: number): string[] => {
    if (!multiline) return [pad(cell, c)];
    // Lines come from splitlines() (so "" has none) but widths from re.split("[\r\n]"); with colour codes
    // tabulate pairs the two lists up, dropping lines the shorter one lacks.
    const lines = pySplitLines(cell);
    if (!hasInvisible) return lines.map((line) => pad(line, c));
    const pieces = cell.split(/[\r\n]/);
    return lines.slice(0, pieces.length).map((line, i) => padRight(line, (widths[c] as number) + codePointLength(pieces[i] as string) - lineWidth(pieces[i] as string)));
  };
  const padded = columns.map((column, c) => column.map((cell) => cellLines(cell, c)));
  // Headers are split at \r/\n and padded line by line, then re-split with splitlines() like data cells.
  const headerLines = headers.map((header, c) => (multiline ? pySplitLines(header.split(/[\r\n]/).map((line) => pad(line, c)).join("\n")) : [pad(header, c)]));
  const lines = [...rowLines(headerLines, widths), joinRow(widths.map((w) => "-".repeat(w)))];
  for (let r = 0; r < rows.length; r++) lines.push(...rowLines(padded.map((column) => column[r] as string[]), widths));
  return lines.join("\n");
}

/** Column headers: keys in order of first appearance across rows. */
function uniqueKeys(rows: Row[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const [key] of row) keys.add(key);
  return [...keys];
}

/** tabulate's "{0}".format(value), with None as the empty missing value. */
function formatCell(value: unknown): string {
  return value === null || value === undefined ? "" : pyStr(value);
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

function visibleWidth(text: string): number {
  return codePointLength(text.replace(INVISIBLE_LINK, "$1").replace(INVISIBLE_CODES, ""));
}

function padRight(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - codePointLength(text)));
}

function joinRow(cells: string[]): string {
  return pyRstrip(cells.join("  "));
}

/** One table line per line of the tallest cell; shorter cells are filled with spaces (none if all are empty). */
function rowLines(cellLines: string[][], widths: number[]): string[] {
  const height = Math.max(...cellLines.map((lines) => lines.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) lines.push(joinRow(cellLines.map((cellLine, c) => cellLine[i] ?? " ".repeat(widths[c] as number))));
  return lines;
}
