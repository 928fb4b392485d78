/**
 * Guests for the lab's VMIs: real QEMU guests (VNC, serial, QMP, live migration) up to a cap,
 * and the built-in RFB/serial guest beyond it or where QEMU is missing. See README.md.
 */
export type * from './types';
export { createGuestFactory } from './factory';
export { findGuestImage, qemuAvailable } from './qemu/qemu-command';
