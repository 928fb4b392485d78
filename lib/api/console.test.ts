import { describe, expect, it } from 'vitest';
import { parseSerialPath, serialBufferPath, serialSocketPath, toWebSocketUrl, vncSocketPath } from './console';

const vm = { site: 'site-factory-01', namespace: 'default', name: 'plc gateway' };

describe('console paths', () => {
  it('builds the VNC bridge path with encoded segments and preserveSession', () => {
    expect(vncSocketPath(vm, true)).toBe(
      '/k8s/site-factory-01/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/plc%20gateway/vnc?preserveSession=true',
    );
    expect(vncSocketPath(vm, false, 'tok')).toMatch(/vnc\?preserveSession=false&embed=tok$/);
  });

  it('round-trips serial hub paths and refuses tricks', () => {
    expect(parseSerialPath(serialSocketPath(vm))).toEqual({ ...vm, buffer: false });
    expect(parseSerialPath(serialBufferPath(vm))).toEqual({ ...vm, buffer: true });
    expect(parseSerialPath('/api/console/serial/a/b')).toBeUndefined();
    expect(parseSerialPath('/api/console/serial/a/b/c/d')).toBeUndefined();
    expect(parseSerialPath('/api/console/serial/a/b/%2E%2E')).toBeUndefined();
    expect(parseSerialPath('/api/console/serial/a/b/x%2Fy')).toBeUndefined();
    expect(parseSerialPath('/api/console/serial/a/b/%E0%A4%A')).toBeUndefined();
  });

  it('makes websocket URLs from the page location', () => {
    expect(toWebSocketUrl('/x', { protocol: 'https:', host: 'h:1' })).toBe('wss://h:1/x');
    expect(toWebSocketUrl('/x', { protocol: 'http:', host: 'h' })).toBe('ws://h/x');
  });
});
