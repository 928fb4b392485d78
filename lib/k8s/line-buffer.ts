/**
 * Newline-delimited JSON arrives in chunks that split lines anywhere: this keeps the unfinished
 * tail and hands out only complete, non-empty lines. Used wherever a watch stream is read.
 */
export class LineBuffer {
  private rest = '';

  /** Adds a chunk; returns the lines it completed. */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    return lines.filter((l) => l.trim());
  }
}
