// The output formats az knows (`--output/-o`, `[core] output`), in its order.
export type OutputFormat = "json" | "jsonc" | "yaml" | "yamlc" | "table" | "tsv" | "none";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"];
