// A GitHub-flavoured Markdown table with padded columns, so the printed table is readable as plain text too.

export type Align = "left" | "right";

export interface Column {
  title: string;
  align?: Align;
}

export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = (row: readonly string[]) => columns.map((_, index) => escapeCell(row[index] ?? ""));
  const body = rows.map(cells);
  const widths = columns.map((column, index) => Math.max(3, column.title.length, ...body.map((row) => row[index]!.length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, index) => (columns[index]!.align === "right" ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!))).join(" | ")} |`;
  const rule = `|${columns.map((column, index) => (column.align === "right" ? `${"-".repeat(widths[index]! + 1)}:` : "-".repeat(widths[index]! + 2))).join("|")}|`;
  return [line(columns.map((column) => column.title)), rule, ...body.map(line)].join("\n") + "\n";
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
