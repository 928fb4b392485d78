import { BUILTIN_KERNEL_RELEASE, BUILTIN_KERNEL_VERSION, type GuestState } from './guest-state';

/** What a command line asks the machine to do besides printing. */
export type ShellAction = 'reboot' | 'poweroff' | 'clear';

export interface ShellResult {
  output: string;
  code: number;
  action?: ShellAction;
}

interface Command {
  argv: string[];
  redirect?: { path: string; append: boolean };
}

/** Splits a line into words, honouring '…' and "…" quotes, and `;`, `>` and `>>` as operators. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  const push = (): void => {
    if (started) words.push(word);
    word = '';
    started = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === ' ' || ch === '\t') push();
    else if (ch === ';' || ch === '>') {
      push();
      if (ch === '>' && line.charAt(i + 1) === '>') {
        words.push('>>');
        i++;
      } else words.push(ch);
    } else {
      word += ch;
      started = true;
    }
  }
  push();
  return words;
}

function parse(line: string): Command[] {
  const commands: Command[] = [];
  let current: Command = { argv: [] };
  const words = tokenize(line);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === ';') {
      commands.push(current);
      current = { argv: [] };
    } else if (w === '>' || w === '>>') {
      current.redirect = { path: words[++i] ?? '', append: w === '>>' };
    } else current.argv.push(w);
  }
  commands.push(current);
  return commands.filter((c) => c.argv.length > 0);
}

const PROC_FILES: Record<string, (s: GuestState) => string> = {
  '/proc/uptime': (s) => `${s.uptime().toFixed(2)} ${(s.uptime() * 0.97).toFixed(2)}\n`,
  '/proc/version': () => `Linux version ${BUILTIN_KERNEL_RELEASE} (builtin@edgevirt) (gcc 12.2.0) ${BUILTIN_KERNEL_VERSION}\n`,
  '/etc/hostname': (s) => `${s.hostname}\n`,
  '/etc/os-release': (s) => s.osRelease(),
  '/proc/cmdline': (s) => `console=ttyS0 console=tty0 quiet edgevirt.hostname=${s.hostname}\n`,
};

/**
 * The built-in guest's shell: a handful of busybox-like commands over the shared GuestState.
 * Each console (VGA tty1, serial ttyS0) runs its own instance, as each tty runs its own shell.
 */
export class MiniShell {
  constructor(private readonly state: GuestState) {}

  prompt(): string {
    return `${this.state.hostname}:~# `;
  }

  execute(line: string): ShellResult {
    let output = '';
    let code = 0;
    let action: ShellAction | undefined;
    for (const cmd of parse(line)) {
      const r = this.run(cmd.argv);
      code = r.code;
      action = r.action ?? action;
      if (cmd.redirect?.path) {
        const old = cmd.redirect.append ? (this.state.files.get(cmd.redirect.path) ?? '') : '';
        this.state.files.set(cmd.redirect.path, old + r.output);
      } else output += r.output;
    }
    return action ? { output, code, action } : { output, code };
  }

  private run(argv: string[]): ShellResult {
    const [name = '', ...args] = argv;
    const ok = (output: string): ShellResult => ({ output, code: 0 });
    const s = this.state;
    switch (name) {
      case 'hostname':
        return ok(`${s.hostname}\n`);
      case 'uname':
        return ok(`${this.uname(args)}\n`);
      case 'echo':
        return args[0] === '-n' ? ok(args.slice(1).join(' ')) : ok(`${args.join(' ')}\n`);
      case 'uptime':
        return ok(`${this.uptimeLine()}\n`);
      case 'cat':
        return this.cat(args);
      case 'dmesg':
        return ok(s.dmesg.map((l) => `${l}\n`).join(''));
      case 'ip':
        return ['addr', 'a', 'address'].includes(args[0] ?? '') ? ok(this.ipAddr()) : { output: 'Usage: ip addr\n', code: 1 };
      case 'pwd':
        return ok('/root\n');
      case 'whoami':
        return ok('root\n');
      case 'id':
        return ok('uid=0(root) gid=0(root) groups=0(root)\n');
      case 'date':
        return ok(`${new Date().toUTCString()}\n`);
      case 'true':
        return ok('');
      case 'false':
        return { output: '', code: 1 };
      case 'ls':
        return ok([...s.files.keys()].sort().map((f) => `${f}\n`).join(''));
      case 'rm':
        args.forEach((f) => s.files.delete(f));
        return ok('');
      case 'touch':
        args.forEach((f) => s.files.set(f, s.files.get(f) ?? ''));
        return ok('');
      case 'clear':
        return { output: '', code: 0, action: 'clear' };
      case 'reboot':
        return { output: '', code: 0, action: 'reboot' };
      case 'poweroff':
      case 'halt':
        return { output: '', code: 0, action: 'poweroff' };
      case 'help':
        return ok('Built-in commands: cat clear date dmesg echo help hostname id ip ls poweroff pwd reboot rm touch uname uptime whoami\n');
      default:
        return { output: `sh: ${name}: not found\n`, code: 127 };
    }
  }

  private uname(args: string[]): string {
    const flags = args.join('').replace(/-/g, '') || 's';
    if (flags.includes('a')) return this.state.unameAll();
    const parts: string[] = [];
    if (flags.includes('s')) parts.push('Linux');
    if (flags.includes('n')) parts.push(this.state.hostname);
    if (flags.includes('r')) parts.push(BUILTIN_KERNEL_RELEASE);
    if (flags.includes('v')) parts.push(BUILTIN_KERNEL_VERSION);
    if (flags.includes('m')) parts.push('x86_64');
    if (flags.includes('o')) parts.push('GNU/Linux');
    return parts.join(' ');
  }

  private uptimeLine(): string {
    const up = Math.floor(this.state.uptime());
    const clock = new Date().toISOString().slice(11, 19);
    const span = up < 3600 ? `${Math.floor(up / 60)} min` : `${Math.floor(up / 3600)}:${String(Math.floor((up % 3600) / 60)).padStart(2, '0')}`;
    return ` ${clock} up ${span},  load average: 0.00, 0.00, 0.00`;
  }

  private cat(paths: string[]): ShellResult {
    let output = '';
    let code = 0;
    for (const p of paths) {
      const proc = PROC_FILES[p];
      const file = this.state.files.get(p);
      if (proc) output += proc(this.state);
      else if (file !== undefined) output += file;
      else {
        output += `cat: can't open '${p}': No such file or directory\n`;
        code = 1;
      }
    }
    return { output, code };
  }

  private ipAddr(): string {
    const spec = this.state.spec;
    const lines = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '    inet 127.0.0.1/8 scope host lo',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast qlen 1000',
      `    link/ether ${spec.macAddress ?? '52:54:00:12:34:56'} brd ff:ff:ff:ff:ff:ff`,
    ];
    if (spec.ipAddress) lines.push(`    inet ${spec.ipAddress}/24 scope global eth0`);
    return `${lines.join('\n')}\n`;
  }
}
