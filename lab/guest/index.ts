/**
 * Guests for the lab's VMIs: real QEMU guests (VNC, serial, QMP, live migration) up to a cap,
 * and the built-in RFB/serial guest beyond it or where QEMU is missing. See README.md.
 */
export type * from './types';
export { createGuestFactory, type GuestFactoryOptions } from './factory';
export { BuiltinGuest, type BuiltinGuestOptions } from './builtin/builtin-guest';
export { QemuGuest } from './qemu/qemu-guest';
export { findGuestImage, guestCacheDir, qemuAvailable } from './qemu/qemu-command';
export { benchGuests, type GuestBenchFigures } from './bench-guests';
