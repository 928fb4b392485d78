/**
 * A minimal RFB 3.8 client over a websocket for tests: handshake with security None, then key
 * events. Enough to type into a guest like a VNC viewer that ignores view-only.
 */
import WebSocket from 'ws';
import { textToKeyStrokes } from '@/lib/console/keysyms';
import { ByteStream } from '../../bff/support/ws-client';

export interface RfbSession {
  ws: WebSocket;
  width: number;
  height: number;
  type(text: string): Promise<void>;
}

/** Opens the websocket (reader attached before the handshake) and completes the RFB handshake. */
export async function rfbConnect(url: string, origin: string, cookie?: string): Promise<RfbSession> {
  const ws = new WebSocket(url, ['plain.kubevirt.io'], { origin, headers: cookie ? { cookie } : {}, perMessageDeflate: false });
  const stream = new ByteStream(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`VNC refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const send = (b: Buffer) => ws.send(b, { binary: true });
  const version = (await stream.read(12)).toString('latin1');
  if (!version.startsWith('RFB 003.')) throw new Error(`not RFB: ${version}`);
  send(Buffer.from('RFB 003.008\n'));
  const count = (await stream.read(1))[0] ?? 0;
  const types = [...(await stream.read(count))];
  if (!types.includes(1)) throw new Error(`no security type None in ${types.join(',')}`);
  send(Buffer.from([1]));
  const result = (await stream.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`security failed: ${result}`);
  send(Buffer.from([1]));
  const init = await stream.read(24);
  const nameLen = init.readUInt32BE(20);
  await stream.read(nameLen);
  return {
    ws,
    width: init.readUInt16BE(0),
    height: init.readUInt16BE(2),
    async type(text) {
      for (const s of textToKeyStrokes(text)) {
        const msg = Buffer.alloc(8);
        msg[0] = 4;
        msg[1] = s.down ? 1 : 0;
        msg.writeUInt32BE(s.keysym, 4);
        send(msg);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}
