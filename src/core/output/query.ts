// `--query`, loaded only when a query is given: compiled while the command line is parsed (syntax errors are
// usage errors, rc 2) and evaluated on the result (runtime errors are rc 1), with az's messages.
import { AzError, UsageError } from "../errors.js";
import { pyStrRepr } from "../python/repr.js";
import { JmesPathError, PythonError } from "./query/errors.js";
import { visit } from "./query/interpreter.js";
import { parse, type Node } from "./query/parser.js";

export interface CompiledQuery {
  readonly expression: string;
  /** Evaluates the query; throws AzError with az's text when Python's jmespath would raise. */
  search(data: unknown): unknown;
}

const QUERY_HELP = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'";

/** False when Python's jmespath.compile would reject the expression (argparse then reports it, rc 2). */
export function isValidQuery(expression: string): boolean {
  try {
    parse(expression);
    return true;
  } catch (error) {
    if (error instanceof JmesPathError) return false;
    throw error;
  }
}

export function compileQuery(expression: string): CompiledQuery {
  let ast: Node;
  try {
    ast = parse(expression);
  } catch (error) {
    if (!(error instanceof JmesPathError)) throw error;
    // argparse reports a failed `type=` conversion with the value's Python repr.
    throw new UsageError(`argument --query: invalid jmespath_type value: ${pyStrRepr(expression)}`, QUERY_HELP + "\n");
  }
  return { expression, search: (data) => evaluate(ast, data) };
}

function evaluate(ast: Node, data: unknown): unknown {
  try {
    return visit(ast, data);
  } catch (error) {
    if (error instanceof JmesPathError) {
      throw new AzError(`Invalid jmespath query supplied for \`--query\`: ${error.message}`, { recommendation: QUERY_HELP });
    }
    if (error instanceof PythonError) throw unexpectedError(error);
    throw error;
  }
}

/** az's handler for exceptions it does not know; the traceback it would print is left out. */
function unexpectedError(error: PythonError): AzError {
  return new AzError("The command failed with an unexpected error. Here is the traceback:", {
    recommendation: [
      `ERROR: ${error.message}`,
      "To check existing issues, please visit: https://github.com/Azure/azure-cli/issues",
      "To open a new issue, please run `az feedback`",
    ].join("\n"),
  });
}
