/**
 * api.noProxy and NO_PROXY: the hosts reached directly, never through the proxy. Entries follow
 * the common NO_PROXY conventions (curl, wget, Python requests):
 * - `*` alone: no host uses the proxy;
 * - a domain, bare or with a leading `.` or `*.`: that name and every name below it
 *   (`example.com`, `.example.com` and `*.example.com` all match example.com and a.example.com);
 * - an IP address (`10.1.2.3`, `::1` or `[::1]`), or a CIDR block (`10.0.0.0/8`, `fd00::/8`): an
 *   endpoint written as an IP address in it. Names are not resolved, so a CIDR never matches a
 *   host name (Go's net/http does the same);
 * - any of these but `*` with `:port`: only that port (`example.com:8080`, `[::1]:8080`).
 * Matching ignores case and a trailing dot. Parsed once, at configuration time.
 */
import { BlockList, isIP } from 'node:net';

/** The entry meaning "no proxy for any host". */
export const NO_PROXY_ALL = '*';

const DOMAIN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const PORT = /^\d{1,5}$/;
const MAX_PORT = 65_535;
const MAX_PREFIX: Readonly<Record<4 | 6, number>> = { 4: 32, 6: 128 };

type NoProxyRule =
  | { kind: 'domain'; domain: string; port: number | undefined }
  | { kind: 'addresses'; addresses: BlockList; port: number | undefined };

export type NoProxyEntryResult = { ok: true; rule: NoProxyRule | 'all' } | { ok: false; problem: string };

/** One entry, checked and parsed; `problem` completes "<entry> ..." in an error message. */
export function parseNoProxyEntry(text: string): NoProxyEntryResult {
  const entry = text.trim().toLowerCase();
  if (entry === NO_PROXY_ALL) return { ok: true, rule: 'all' };
  if (entry.includes('://')) return { ok: false, problem: 'has a scheme; expected the host alone' };
  const split = splitPort(entry);
  if (!split) return { ok: false, problem: 'has a port that is not a number from 1 to 65535' };
  const { host, port } = split;
  const slash = host.indexOf('/');
  if (slash >= 0) {
    const address = host.slice(0, slash);
    const prefix = host.slice(slash + 1);
    const family = isIP(address);
    if ((family !== 4 && family !== 6) || !/^\d{1,3}$/.test(prefix) || Number(prefix) > MAX_PREFIX[family]) {
      return { ok: false, problem: 'is not a CIDR block such as 10.0.0.0/8' };
    }
    const addresses = new BlockList();
    addresses.addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    return { ok: true, rule: { kind: 'addresses', addresses, port } };
  }
  const family = isIP(host);
  if (family === 4 || family === 6) {
    const addresses = new BlockList();
    addresses.addAddress(host, family === 4 ? 'ipv4' : 'ipv6');
    return { ok: true, rule: { kind: 'addresses', addresses, port } };
  }
  const domain = host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (!DOMAIN.test(domain)) return { ok: false, problem: 'is not a host name, domain, IP address, CIDR block or *' };
  return { ok: true, rule: { kind: 'domain', domain, port } };
}

/** The parsed list: which endpoints go direct. Keeps the entries as written, for printing. */
export class NoProxyList {
  private readonly rules: readonly NoProxyRule[];
  private readonly all: boolean;

  /** @throws Error on an entry parseNoProxyEntry rejects: the schema checks each entry before. */
  constructor(readonly entries: readonly string[]) {
    const parsed = entries.filter((entry) => entry.trim() !== '').map((entry) => {
      const result = parseNoProxyEntry(entry);
      if (!result.ok) throw new Error(`no-proxy entry ${JSON.stringify(entry)} ${result.problem}`);
      return result.rule;
    });
    this.all = parsed.includes('all');
    this.rules = parsed.filter((rule): rule is NoProxyRule => rule !== 'all');
  }

  /** True when `host` (a name, an IPv4 address, or an IPv6 address with or without brackets) at `port` goes direct. */
  matches(host: string, port: number): boolean {
    if (this.all) return true;
    const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    const family = isIP(name);
    return this.rules.some((rule) => {
      if (rule.port !== undefined && rule.port !== port) return false;
      if (rule.kind === 'addresses') return (family === 4 || family === 6) && rule.addresses.check(name, family === 4 ? 'ipv4' : 'ipv6');
      return name === rule.domain || name.endsWith(`.${rule.domain}`);
    });
  }
}

/** `host:port` -> both; `[v6]:port` and `[v6]` unbracketed; a bare IPv6 address has no port. */
function splitPort(entry: string): { host: string; port: number | undefined } | undefined {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  const colons = entry.split(':').length - 1;
  if (colons !== 1) return { host: entry, port: undefined };
  const at = entry.lastIndexOf(':');
  return withPort(entry.slice(0, at), entry.slice(at + 1));
}

function withPort(host: string, portText: string | undefined): { host: string; port: number | undefined } | undefined {
  if (portText === undefined) return { host, port: undefined };
  const port = Number(portText);
  return PORT.test(portText) && port >= 1 && port <= MAX_PORT ? { host, port } : undefined;
}
