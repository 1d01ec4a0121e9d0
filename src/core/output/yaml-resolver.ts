// PyYAML's implicit resolvers and SafeRepresenter scalars: which text a value is written as, and whether a
// string would read back as something else (then it must be quoted). Python's `$` also matches before a final
// newline, hence `(?=\n?$)`.

const RESOLVERS: [RegExp, string][] = [
  [/^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)(?=\n?$)/, "yYnNtTfFoO"],
  [
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))(?=\n?$)/,
    "-+0123456789.",
  ],
  [/^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)(?=\n?$)/, "-+0123456789"],
  [/^(?:<<)(?=\n?$)/, "<"],
  [/^(?:~|null|Null|NULL|)(?=\n?$)/, "~nN"],
  [
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)(?=\n?$)/,
    "0123456789",
  ],
  [/^(?:=)(?=\n?$)/, "="],
  [/^(?:!|&|\*)(?=\n?$)/, "!&*"],
];

/** True when a plain scalar with this text would be read back as a string (PyYAML's implicit[0]). */
export function readsBackAsString(text: string): boolean {
  // Only the null resolver is registered for the empty string.
  if (text === "") return false;
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  return !RESOLVERS.some(([pattern, firstChars]) => firstChars.includes(first) && pattern.test(text));
}
