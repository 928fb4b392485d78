/**
 * Incremental UTF-8 decoding for byte streams that arrive in arbitrary frames. A serial line
 * or websocket may cut a multi-byte character between two frames; decoding each frame on its
 * own would print U+FFFD twice instead of the character. `TextDecoder` with `stream: true`
 * keeps the unfinished tail between calls, which is exactly the state we need.
 */
export class Utf8StreamDecoder {
  private decoder = new TextDecoder('utf-8', { fatal: false });

  /** Decodes one frame; an incomplete trailing sequence is held until the next call. */
  decode(chunk: ArrayBuffer | Uint8Array): string {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    return this.decoder.decode(bytes, { stream: true });
  }

  /** Ends the stream: a held, never-completed sequence becomes U+FFFD. Ready for reuse after. */
  flush(): string {
    const rest = this.decoder.decode();
    this.decoder = new TextDecoder('utf-8', { fatal: false });
    return rest;
  }

  /** Drops any held partial sequence, e.g. when a new connection starts a new byte stream. */
  reset(): void {
    this.decoder = new TextDecoder('utf-8', { fatal: false });
  }
}

/** UTF-8 encoding of typed text, for sending keystrokes over a byte stream. */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
