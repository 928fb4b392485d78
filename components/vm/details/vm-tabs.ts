/** The detail page's tabs (a route segment each); importable from server pages. */
export const VM_TABS = ['overview', 'events', 'disks', 'network', 'migrations', 'yaml', 'console'] as const;
export type VmTab = (typeof VM_TABS)[number];

export function isVmTab(s: string): s is VmTab {
  return (VM_TABS as readonly string[]).includes(s);
}
