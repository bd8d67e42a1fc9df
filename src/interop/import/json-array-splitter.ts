/**
 * Splits a JSON array's text, given in chunks, into the texts of its elements, for `JSON.parse` one element at a
 * time: a large file is read in bounded memory (one chunk and one element), and the engine's own parser does the
 * parsing, several times faster than a token stream. The splitter finds where each element ends (brackets and
 * braces outside strings); it checks what lies between elements (commas and white space), and `JSON.parse`
 * checks each element. Pure: no I/O.
 */
export class JsonArraySplitter {
  private buf = '';
  /** Where scanning resumes in `buf`. */
  private pos = 0;
  /** Where the element being read starts in `buf` (-1: between elements). */
  private start = -1;
  /** Nesting inside the current element. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private state: 'before' | 'first' | 'element' | 'after' | 'closed' = 'before';
  /** Characters consumed before `buf` (for error positions). */
  private offset = 0;

  /** The elements completed by this chunk, as text. Throws a SyntaxError naming the position of a problem. */
  push(chunk: string): string[] {
    const out: string[] = [];
    // `buf` holds only the element still being read (already scanned up to `pos`), or nothing.
    this.buf += chunk;
    const s = this.buf;
    let i = this.pos;
    const n = s.length;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.start >= 0) {
        // Inside an element.
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
        } else if (this.depth === 0 && (c === 0x2c || c === 0x5d || isSpace(c))) {
          // The end of a scalar element (a string, a number, true, false, null).
          out.push(s.slice(this.start, i));
          this.start = -1;
          this.state = 'after';
          continue;
        } else if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          this.depth -= 1;
          if (this.depth < 0) this.fail(i, 'unbalanced brackets');
          if (this.depth === 0) {
            out.push(s.slice(this.start, i + 1));
            this.start = -1;
            this.state = 'after';
          }
        }
        i += 1;
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && this.state === 'before')) {
        i += 1;
        continue;
      }
      switch (this.state) {
        case 'before':
          if (c !== 0x5b) this.fail(i, 'expected [ (an array of services)');
          this.state = 'first';
          break;
        case 'first':
        case 'element':
          if (c === 0x5d && this.state === 'first') {
            this.state = 'closed';
            break;
          }
          if (c === 0x2c || c === 0x5d) this.fail(i, `unexpected ${String.fromCharCode(c)}`);
          this.start = i;
          this.depth = 0;
          if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) this.depth = 1;
          break;
        case 'after':
          if (c === 0x2c) this.state = 'element';
          else if (c === 0x5d) this.state = 'closed';
          else this.fail(i, `expected , or ] after an element, found ${String.fromCharCode(c)}`);
          break;
        case 'closed':
          this.fail(i, 'text after the end of the array');
      }
      i += 1;
    }
    // Keep only the element still being read.
    if (this.start >= 0) {
      this.offset += this.start;
      this.buf = s.slice(this.start);
      this.pos = n - this.start;
      this.start = 0;
    } else {
      this.offset += n;
      this.buf = '';
      this.pos = 0;
    }
    return out;
  }

  /** At the end of the text: throws when the array is not closed. */
  end(): void {
    if (this.state !== 'closed') this.fail(this.buf.length, 'unexpected end of the file (the array is not closed)');
  }

  private fail(at: number, why: string): never {
    throw new SyntaxError(`${why} at position ${this.offset + at}`);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
