// One error hierarchy, one handler (cli/run.ts). az prints runtime errors as "ERROR: <message>" with rc 1 and
// parser errors with rc 2 followed by a recovery block; a few az messages have no prefix at all.

export class AzError extends Error {
  override name = "AzError";
  /** Exit code the process ends with. */
  readonly exitCode: number;
  /** Lines printed after the ERROR line (az "recommendations"), already formatted. */
  readonly recommendation: string | undefined;

  constructor(message: string, options: { exitCode?: number; recommendation?: string } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? 1;
    this.recommendation = options.recommendation;
  }

  /**
   * The exact bytes written to stderr. `errorLine` formats the message as az's logger does: `ERROR: ` and the
   * message, or on a terminal the message alone in red.
   */
  render(errorLine: (message: string) => string = (message) => `ERROR: ${message}`): string {
    return `${errorLine(this.message)}\n${this.recommendation ? this.recommendation + "\n" : ""}`;
  }
}

/** Command-line errors detected while parsing: rc 2; `trailer` is the recovery block az prints after the line. */
export class UsageError extends AzError {
  override name = "UsageError";
  readonly trailer: string;

  constructor(message: string, trailer = "") {
    super(message, { exitCode: 2 });
    this.trailer = trailer;
  }

  /** `trailerStyle` repaints the recovery block for a terminal. */
  override render(errorLine: (message: string) => string = (message) => `ERROR: ${message}`, trailerStyle: (trailer: string) => string = (t) => t): string {
    return `${errorLine(this.message)}\n${trailerStyle(this.trailer)}`;
  }
}

/** An error whose stderr bytes are given verbatim (az messages printed without the ERROR: prefix). */
export class RawError extends AzError {
  override name = "RawError";
  readonly text: string;

  constructor(text: string, exitCode = 1) {
    super(text.trimEnd(), { exitCode });
    this.text = text;
  }

  override render(): string {
    return this.text;
  }
}

/** A file we could not read or parse; we report it and never overwrite it. */
export class CorruptFileError extends AzError {
  override name = "CorruptFileError";
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }

  /** A file a command would rewrite but could not read: it is left as it is. */
  static leftUnchanged(path: string): CorruptFileError {
    return new CorruptFileError(path, `${path} could not be parsed and was left unchanged; fix or delete it, then try again.`);
  }
}

/** Network failure (connection refused, TLS, time-out): one line naming the host and the cause. */
export class NetworkError extends AzError {
  override name = "NetworkError";
}
