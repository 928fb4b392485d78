import { BUILTIN_KERNEL_RELEASE, BUILTIN_KERNEL_VERSION, type GuestState } from './guest-state';

/** The kernel lines the built-in guest prints while it "boots", spread over `bootMs` of guest time. */
export function bootMessages(state: GuestState, bootMs: number): { at: number; text: string }[] {
  const mem = state.spec.memoryMiB * 1024;
  const lines = [
    `Linux version ${BUILTIN_KERNEL_RELEASE} (builtin@edgevirt) (gcc 12.2.0) ${BUILTIN_KERNEL_VERSION}`,
    `Command line: console=ttyS0 console=tty0 quiet edgevirt.hostname=${state.hostname}`,
    `Memory: ${mem}K/${mem}K available`,
    `smpboot: Total of ${state.spec.cpus} processors activated`,
    'Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled',
    `edgevirt: running on node ${state.spec.node}`,
    'Freeing unused kernel image (initmem) memory: 2772K',
    'Run /init as init process',
  ];
  const end = (bootMs / 1000) * 0.9;
  return lines.map((text, i) => ({ at: (end * i) / lines.length, text }));
}
