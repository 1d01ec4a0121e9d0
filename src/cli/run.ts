// The top-level handler: parse argv, dispatch to the command, format its result, and turn every error into
// az's stderr bytes and exit code. Nothing else writes "ERROR:" or chooses an exit code.
import type { Deps } from "../infra/deps.js";
import { AzError, RawError, UsageError } from "../core/errors.js";
import { createLogger, formatLogLine, type Logger } from "../core/logger.js";
import { redact, redactArgv } from "../core/redact.js";
import { resolveConfigDir } from "../core/paths.js";
import { escapeControlCharacters } from "../core/terminal-text.js";
import { ProfileSession } from "../core/profile/session.js";
import { isParseFailure, parseArgv, type ParsedArgv, type ParseHooks } from "./argparse.js";
import { tokenCommandNamed } from "./token-commands.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../core/output/formats.js";
import type { CommandContext, CommandSpec, GlobalOptions } from "./spec.js";

const ONLY_SHOW_ERRORS_CONFLICT = "--only-show-errors can't be used together with --debug or --verbose\n";

/** Runs one command line; returns the exit code. */
export async function runCli(argv: readonly string[], deps: Deps): Promise<number> {
  const startedAt = deps.clock.now();
  const { io } = deps;
  const configDir = resolveConfigDir(deps.env, deps.homeDir);
  const session = ProfileSession.open(configDir, deps.env, (text) => io.stderr.write(text));
  let logger: Logger = createLogger(io.stderr, { onlyShowErrors: false, verbose: false, debug: false });
  try {
    // az loads the profile and the active cloud while starting, before it parses the command line
    void session.profile;
    void session.cloud;
    checkLoggingFlags(argv);

    // az compiles --query while parsing, so a syntax error wins over later problems; load JMESPath only then
    const queryModule = queryValues(argv).every(isPlainIdentifier) ? undefined : await import("../core/output/query.js");
    const parsed = await parseOrReport([...argv], { isValidQuery: (expression) => isPlainIdentifier(expression) || queryModule!.isValidQuery(expression) });
    if (parsed.kind !== "command") {
      io.stdout.write((await import("./argparse-report.js")).helpText(parsed));
      return 0;
    }
    const globals = resolveGlobals(parsed.globals, session, parsed.spec.defaultOutput);
    logger = createLogger(io.stderr, { ...globals, colour: colourEnabled(deps, session) });
    if (logger.debugEnabled) logger.debug(`Command arguments: ${JSON.stringify(redactArgv(argv, parsed.secrets))}`);
    logger.debug(`Configuration directory: ${configDir}`);

    const query = await compileQuery(globals.query, queryModule);
    const invokedAt = deps.clock.now();
    const commandLogger = logger;
    const commandDeps: Deps = { ...deps, http: () => deps.http(commandLogger) };
    const context: CommandContext = { deps: commandDeps, logger, configDir, session, globals };
    const { spec, options } = parsed;
    // the cache-hit path skips commander's tree (program.ts says why); every other command is dispatched by it
    const outcome = spec.skipsCommander ? await spec.run(options, context) : await (await import("./program.js")).dispatch(spec, options, context);

    await writeResult(outcome.result, outcome.tableTransformer, globals, query, deps, session);
    const finishedAt = deps.clock.now();
    logger.info(
      `Command ran in ${seconds(finishedAt - startedAt)} seconds (init: ${seconds(invokedAt - startedAt)}, invoke: ${seconds(finishedAt - invokedAt)})`,
    );
    return 0;
  } catch (error) {
    return await reportError(error, deps, logger, colourEnabled(deps, session));
  }
}

/** parseArgv, with a refused command line turned into az's usage error (its texts are loaded only then). */
async function parseOrReport(argv: string[], hooks: ParseHooks): Promise<ParsedArgv> {
  try {
    return parseArgv(argv, await commandTableFor(argv), hooks);
  } catch (error) {
    throw isParseFailure(error) ? (await import("./argparse-report.js")).usageErrorFor(error) : error;
  }
}

/**
 * The token commands parse from their own specs (az keeps only the command argv's words name exactly: the same
 * parse); anything else, the whole command table, loaded only then.
 */
async function commandTableFor(argv: readonly string[]): Promise<readonly CommandSpec[]> {
  const token = tokenCommandNamed(argv);
  return token ? [token] : (await import("./command-table.js")).COMMANDS;
}

/**
 * knack checks the raw argv before parsing: the message is printed twice (once per logging handler). Only the
 * flag conflicts; `core.only_show_errors` in the config just gives way to --debug/--verbose (resolveGlobals).
 */
function checkLoggingFlags(argv: readonly string[]): void {
  if (argv.includes("--only-show-errors") && (argv.includes("--debug") || argv.includes("--verbose"))) {
    throw new RawError(ONLY_SHOW_ERRORS_CONFLICT + ONLY_SHOW_ERRORS_CONFLICT);
  }
}

interface ParsedGlobals {
  output?: string;
  query?: string;
  onlyShowErrors: boolean;
  debug: boolean;
  verbose: boolean;
}

function resolveGlobals(parsed: ParsedGlobals, session: ProfileSession, commandDefault: OutputFormat | undefined): GlobalOptions {
  let output = parsed.output ?? commandDefault;
  if (output === undefined) {
    const configured = session.config.get("core", "output");
    // argparse passes a string default through the option's type, str.lower, as it does a typed value
    output = configured === undefined || configured === "" ? "json" : configured.toLowerCase();
    if (!OUTPUT_FORMATS.includes(output as OutputFormat)) {
      // az 2.45 crashes with a traceback here; we say what is wrong instead
      // (docs/compatibility.md#no-python-tracebacks)
      throw new AzError(`'${output}' is not a valid value for core.output. Allowed values: ${OUTPUT_FORMATS.join(", ")}.`);
    }
  }
  return {
    output: output as OutputFormat,
    query: parsed.query,
    onlyShowErrors: parsed.onlyShowErrors || (!parsed.debug && !parsed.verbose && session.config.getBoolean("core", "only_show_errors")),
    debug: parsed.debug,
    verbose: parsed.verbose,
  };
}

type QueryModule = typeof import("../core/output/query.js");

/** A JMESPath unquoted identifier (`accessToken`): the query every script uses, evaluated without JMESPath. */
function isPlainIdentifier(expression: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(expression);
}

/** The values given to --query (or a prefix of it) in argv, for deciding whether JMESPath must be loaded. */
function queryValues(argv: readonly string[]): string[] {
  const values: string[] = [];
  argv.forEach((arg, index) => {
    if (!arg.startsWith("--q")) return;
    const eq = arg.indexOf("=");
    values.push(eq > 0 ? arg.slice(eq + 1) : (argv[index + 1] ?? ""));
  });
  return values;
}

async function compileQuery(expression: string | undefined, loaded: QueryModule | undefined): Promise<{ search(value: unknown): unknown } | undefined> {
  if (expression === undefined) return undefined;
  if (isPlainIdentifier(expression)) {
    // JMESPath: a field of an object, null for anything else
    const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
    return { search: (value) => (isObject(value) && Object.hasOwn(value, expression) ? (value[expression] ?? null) : null) };
  }
  return (loaded ?? (await import("../core/output/query.js"))).compileQuery(expression);
}

async function writeResult(
  result: unknown,
  tableTransformer: ((value: unknown) => unknown) | undefined,
  globals: GlobalOptions,
  query: { search(value: unknown): unknown } | undefined,
  deps: Deps,
  session: ProfileSession,
): Promise<void> {
  if (result === undefined) return;
  const value = query ? query.search(result) : result;
  if (value === null || value === undefined) return;
  const { formatOutput } = await import("../core/output/index.js");
  const color = colourEnabled(deps, session);
  const text = await formatOutput(value, {
    format: globals.output,
    queryActive: query !== undefined,
    color,
    ...(tableTransformer && !query ? { tableTransformer } : {}),
  });
  // On a terminal, control characters in values (a subscription name from ARM) are shown escaped; pipes get az's
  // bytes. Coloured output is left alone: its formats escape control characters themselves, and add their own.
  const coloured = color && (globals.output === "jsonc" || globals.output === "yamlc");
  deps.io.stdout.write(deps.io.stdout.isTTY && !coloured ? escapeControlCharacters(text) : text);
}

/** knack colours only when stdout and stderr are both terminals and core.no_color is off; NO_COLOR is honoured too. */
function colourEnabled(deps: Deps, session: ProfileSession): boolean {
  return deps.io.stdout.isTTY && deps.io.stderr.isTTY && !session.config.getBoolean("core", "no_color") && deps.env.NO_COLOR === undefined;
}

async function reportError(error: unknown, deps: Deps, logger: Logger, colour: boolean): Promise<number> {
  if (error instanceof AzError) {
    const errorLine = (message: string) => formatLogLine("error", message, colour);
    const text =
      error instanceof UsageError && colour ? error.render(errorLine, (await import("./recovery-colour.js")).colourRecoveryBlock) : error.render(errorLine);
    deps.io.stderr.write(redact(text));
    return error.exitCode;
  }
  // An unexpected failure: one line, no stack trace unless --debug asked for it.
  const message = error instanceof Error ? error.message : String(error);
  deps.io.stderr.write(`${formatLogLine("error", redact(message.split("\n")[0] ?? ""), colour)}\n`);
  if (error instanceof Error && error.stack) logger.debug(redact(error.stack));
  return 1;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
