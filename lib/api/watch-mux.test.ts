import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encodeEvents, parseClientMessage } from './watch-mux';

describe('watch multiplexer protocol', () => {
  it('round-trips event lines with their watch id', () => {
    const lines = ['{"type":"ADDED","object":{"metadata":{"name":"a"}}}', '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}'];
    expect(decodeServerFrame(encodeEvents(42, lines))).toEqual({ kind: 'events', id: 42, lines });
  });

  it('decodes control frames and refuses malformed ones', () => {
    expect(decodeServerFrame('{"type":"end","id":3}')).toEqual({ kind: 'control', control: { type: 'end', id: 3 } });
    expect(() => decodeServerFrame('e x\n{}')).toThrow(/malformed/);
    expect(() => decodeServerFrame('{"type":"bogus","id":1}')).toThrow(/malformed/);
  });

  it('keeps only the allowed query keys, as strings', () => {
    const m = parseClientMessage(JSON.stringify({ op: 'watch', id: 1, site: 'central', path: '/api/v1/events', query: { resourceVersion: 12, allowWatchBookmarks: true, watch: 'false', pretty: 1, labelSelector: '' } }));
    expect(m).toEqual({ op: 'watch', id: 1, site: 'central', path: '/api/v1/events', query: { resourceVersion: '12', allowWatchBookmarks: 'true' } });
  });

  it.each([
    ['{"op":"watch","site":"a","path":"/api"}', /id/],
    ['{"op":"list","id":1}', /op/],
    ['{"op":"watch","id":1,"site":"","path":"/api"}', /site/],
    ['{"op":"watch","id":1,"site":"a","path":"api/v1"}', /path/],
    ['{"op":"watch","id":1,"site":"a","path":"/api","query":{"labelSelector":{"x":1}}}', /labelSelector/],
  ])('refuses %s', (text, reason) => {
    expect(() => parseClientMessage(text)).toThrow(reason);
  });
});
