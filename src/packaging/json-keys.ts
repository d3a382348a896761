/**
 * Parses JSON like `JSON.parse` and also reports keys repeated inside one object, which `JSON.parse`
 * silently resolves to the last value and Zendesk's validator refuses (`duplicate_manifest_keys`).
 * Example: `{"name":"a","name":"b"}` → duplicateKeys `["name"]`; `{"a":{"x":1},"b":{"x":2}}` → none.
 */
export function parseJsonWithDuplicates(
  text: string,
): { ok: true; value: unknown; duplicateKeys: string[] } | { ok: false; error: string } {
  try {
    const value = JSON.parse(text) as unknown;
    const duplicateKeys: string[] = [];
    new KeyScanner(text, duplicateKeys).document();
    return { ok: true, value, duplicateKeys };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

// JSON.parse has already validated the syntax, so this scanner only walks the structure to collect keys.
class KeyScanner {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly duplicates: string[],
  ) {}

  document(): void {
    this.value('');
  }

  private value(path: string): void {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') this.object(path);
    else if (char === '[') this.array(path);
    else if (char === '"') this.string();
    else while (this.at < this.text.length && !',]} \n\r\t'.includes(this.text[this.at]!)) this.at += 1;
  }

  private object(path: string): void {
    const seen = new Set<string>();
    this.at += 1;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) this.duplicates.push(keyPath);
      seen.add(key);
      this.skipSpace();
      this.at += 1; // ':'
      this.value(keyPath);
      this.skipSpace();
      if (this.text[this.at++] === '}') return;
    }
  }

  private array(path: string): void {
    this.at += 1;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      this.value(`${path}[${index}]`);
      this.skipSpace();
      if (this.text[this.at++] === ']') return;
    }
  }

  private string(): string {
    const start = this.at;
    this.at += 1;
    while (this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.at += 1;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private skipSpace(): void {
    while (' \n\r\t'.includes(this.text[this.at] ?? 'x')) this.at += 1;
  }
}
