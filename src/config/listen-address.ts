/**
 * web.listenAddress as the HTTP server binds it (the configuration holds it parsed, {host, port}): HOST:PORT, :PORT (every interface) or
 * [IPv6]:PORT. Checked here as bind would take it, so that --check-config fails on what would
 * fail at start: an IPv4 address has four octets of 0-255 (999.999.999.999 would go to DNS and
 * fail there), an IPv6 address is bracketed, a hostname is made of DNS labels, a port is
 * 0-65535 (0: any free port). A hostname is not resolved: DNS may differ where the exporter runs.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ListenAddress {
  /** undefined: every interface (":9742"). */
  host: string | undefined;
  port: number;
}

const MAX_PORT = 65_535;
const MAX_HOSTNAME_CHARS = 253;
const ADDRESS = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/;
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DIGITS_AND_DOTS = /^[\d.]+$/;

/** The text parseListenAddress reads back as `address`: ":9742", "127.0.0.1:9742", "[::1]:9742". */
export function formatListenAddress(address: ListenAddress): string {
  const host = address.host === undefined ? '' : isIPv6(address.host) ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

/** The host and port, or why `text` cannot be bound. */
export function parseListenAddress(text: string): { ok: true; address: ListenAddress } | { ok: false; problem: string } {
  const match = ADDRESS.exec(text);
  if (!match) return { ok: false, problem: 'is not HOST:PORT' };
  const [, bracketed, plain, portText] = match;
  const port = Number(portText);
  if (port > MAX_PORT) return { ok: false, problem: `has port ${port}, out of range 0 to ${MAX_PORT}` };
  if (bracketed !== undefined) {
    return isIPv6(bracketed) ? { ok: true, address: { host: bracketed, port } } : { ok: false, problem: 'has a bracketed host that is not an IPv6 address' };
  }
  const host = plain ?? '';
  if (host === '') return { ok: true, address: { host: undefined, port } };
  if (isIPv4(host)) return { ok: true, address: { host, port } };
  if (DIGITS_AND_DOTS.test(host)) return { ok: false, problem: 'has a host that is not an IPv4 address (four numbers 0-255)' };
  const labels = host.replace(/\.$/, '').split('.'); // a fully qualified name may end with a dot
  // A last label of digits only would be read as an IPv4 address (WHATWG URL), never as a name.
  if (host.length > MAX_HOSTNAME_CHARS || !labels.every((label) => DNS_LABEL.test(label)) || /^\d+$/.test(labels.at(-1) ?? '')) {
    return { ok: false, problem: 'has a host that is neither an IP address nor a hostname' };
  }
  return { ok: true, address: { host, port } };
}
