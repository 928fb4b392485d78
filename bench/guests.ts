/**
 * Real-guest figures for lab/guest/README.md: `npx tsx bench/guests.ts [batch sizes...]`
 * prints JSON (boot time, RSS and idle CPU per QEMU guest, estimated capacity).
 */
import { benchGuests } from '../lab/guest/bench-guests';

const batches = process.argv.slice(2).map(Number).filter((n) => n > 0);
const figures = await benchGuests(batches.length ? { batches } : {});
console.log(JSON.stringify(figures, null, 2));
