// The exceptions Python's jmespath raises, carrying the text az shows (`str(ex)`).

/** A jmespath.exceptions.JMESPathError: az prints "Invalid jmespath query supplied for `--query`: <message>". */
export class JmesPathError extends Error {
  override name = "JmesPathError";
}

/** Lexer and parser errors: raised while compiling, so az reports them as an invalid --query argument (rc 2). */
export class JmesPathSyntaxError extends JmesPathError {
  override name = "JmesPathSyntaxError";
}

/** A plain Python exception (TypeError, ValueError) escaping jmespath; az reports it as an unexpected error. */
export class PythonError extends Error {
  override name = "PythonError";

  constructor(
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
  }
}

export function arityError(name: string, expected: number, actual: number, variadic: boolean): JmesPathError {
  const noun = expected === 1 ? "argument" : "arguments";
  const atLeast = variadic ? "at least " : "";
  return new JmesPathError(`Expected ${atLeast}${expected} ${noun} for function ${name}(), received ${actual}`);
}
