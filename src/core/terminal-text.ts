// Text from servers (Entra's error descriptions, subscription and tenant names) can carry terminal control
// sequences: ESC[2J clears the screen, OSC sets the window title, a lone CR overwrites what was printed. Before
// such text reaches a terminal, every control character except tab and newline (and the CR of a CRLF, which
// Entra's messages contain and az prints) is shown as a Python-style escape.
const CONTROL_CHARACTERS = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => (char === "\r" ? "\\r" : `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`));
}
