// An emulation of dmlc-core's JSONWriter (include/dmlc/json.h), whose exact whitespace MXNet's
// symbol files carry (checkpoint-format.md §B.6): scopes are single- or multi-line, members are
// separated by ", " and, in a multi-line scope, each member starts on a new line indented by two
// spaces per open scope — so multi-line lines end in ", " with a trailing space.

export class DmlcJsonWriter {
  private out = '';
  /** One entry per open scope: is it multi-line, and how many members it has so far. */
  private readonly scopes: { multiLine: boolean; count: number }[] = [];

  text(): string {
    return this.out;
  }

  beginObject(multiLine: boolean): void {
    this.out += '{';
    this.scopes.push({ multiLine, count: 0 });
  }

  endObject(): void {
    this.end('}');
  }

  beginArray(multiLine: boolean): void {
    this.out += '[';
    this.scopes.push({ multiLine, count: 0 });
  }

  endArray(): void {
    this.end(']');
  }

  /** Starts an object member; the caller writes the value next. */
  key(k: string): void {
    this.nextMember();
    // dmlc writes keys unescaped; escaping here differs only where dmlc's output is not valid JSON.
    this.out += `${quote(k)}: `;
  }

  /** Starts an array item; the caller writes the value next. */
  item(): void {
    this.nextMember();
  }

  string(s: string): void {
    this.out += quote(s);
  }

  int(n: number): void {
    this.out += String(n);
  }

  private nextMember(): void {
    const top = this.scopes[this.scopes.length - 1]!;
    if (top.count > 0) this.out += ', ';
    top.count++;
    this.newlineIfMultiLine();
  }

  private newlineIfMultiLine(): void {
    const top = this.scopes[this.scopes.length - 1];
    if (top === undefined || top.multiLine) this.out += '\n' + ' '.repeat(2 * this.scopes.length);
  }

  private end(bracket: string): void {
    const top = this.scopes.pop()!;
    if (top.multiLine && top.count > 0) this.newlineIfMultiLine();
    this.out += bracket;
  }
}

const ESCAPES: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\\': '\\\\', '"': '\\"' };

/** dmlc escapes only these five characters; everything else (control bytes, non-ASCII) is raw. */
function quote(s: string): string {
  return `"${s.replace(/[\r\n\t\\"]/g, (c) => ESCAPES[c]!)}"`;
}
