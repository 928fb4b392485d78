import { describe, expect, it } from 'vitest';
import { RfbViewOnlyFilter } from './rfb-view-only-filter';

const handshake = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1]), Buffer.from([1])]);
const setEncodings = Buffer.from([2, 0, 0, 2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21]);
const updateRequest = Buffer.from([3, 1, 0, 0, 0, 0, 2, 0xd0, 1, 0x90]);
const key = Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61]);
const pointer = Buffer.from([5, 1, 0, 10, 0, 20]);
const qemuKey = Buffer.from([255, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 0x1e]);
const cut = Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('abc')]);
const xvpReboot = Buffer.from([250, 0, 1, 3]);

describe('RfbViewOnlyFilter', () => {
  it('passes the handshake and screen requests, drops input', () => {
    const f = new RfbViewOnlyFilter();
    const out = f.push(
      Buffer.concat([
        handshake,
        setEncodings,
        key,
        updateRequest,
        pointer,
        qemuKey,
        cut,
        xvpReboot,
        updateRequest,
      ]),
    );
    expect(out).toEqual(Buffer.concat([handshake, setEncodings, updateRequest, updateRequest]));
    expect(f.dropped).toBe(5);
    expect(f.error).toBeUndefined();
  });

  it('reassembles messages split across frames, byte by byte', () => {
    const f = new RfbViewOnlyFilter();
    const all = Buffer.concat([handshake, key, setEncodings, pointer, updateRequest]);
    const out: Buffer[] = [];
    for (const b of all) out.push(f.push(Buffer.from([b])));
    expect(Buffer.concat(out)).toEqual(Buffer.concat([handshake, setEncodings, updateRequest]));
  });

  it('stops at an unknown message type', () => {
    const f = new RfbViewOnlyFilter();
    f.push(handshake);
    expect(f.push(Buffer.from([99, 0, 0])).length).toBe(0);
    expect(f.error).toMatch(/unknown/);
  });
});
