/**
 * The running web configuration: what every request passes through before the app (client
 * certificate policy, basic auth, extra headers), re-read when its file or the files it names
 * change, and on reload(). A bad edit keeps the last good configuration and reports the error.
 */
import { unwatchFile, watchFile } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { BasicAuth } from './basic-auth.js';
import { clientCertAccepted } from './tls-options.js';
import { highestCost, loadWebConfig, type WebSettings } from './web-config.js';

/** How often the watched files' mtimes are polled; polling survives Kubernetes' symlink swap of a mounted Secret. */
const WATCH_INTERVAL_MS = 1000;
/** The realm in WWW-Authenticate, as exporter-toolkit sends it. */
const REALM = 'Prometheus';

export interface WebEndpointEvents {
  /** A new configuration is in force (after a file change or reload()). */
  onReloaded(settings: WebSettings): void;
  /** A re-read failed; the running configuration stays. One line. */
  onReloadFailed(error: string): void;
}

export class WebEndpoint {
  private current: { settings: WebSettings; auth: BasicAuth | undefined };
  private watched: string[] = [];
  private reloading: Promise<boolean> | undefined;
  /** Called with the new settings when TLS changed (the server swaps its secure context). */
  onTlsChange: (settings: WebSettings) => void = () => {};

  private constructor(
    private readonly path: string,
    settings: WebSettings,
    auth: BasicAuth | undefined,
    private readonly events: WebEndpointEvents,
  ) {
    this.current = { settings, auth };
  }

  /** Loads `path`; throws ConfigError when it is bad (exit 2 at start). */
  static async load(path: string, events: WebEndpointEvents): Promise<WebEndpoint> {
    const settings = await loadWebConfig(path);
    return new WebEndpoint(path, settings, await authOf(settings), events);
  }

  get settings(): WebSettings {
    return this.current.settings;
  }

  /** Re-reads the file; true when the new configuration is in force. Concurrent calls share one read. */
  reload(): Promise<boolean> {
    this.reloading ??= this.readAgain().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async readAgain(): Promise<boolean> {
    try {
      const settings = await loadWebConfig(this.path);
      if ((settings.tls === undefined) !== (this.current.settings.tls === undefined)) {
        throw new Error('tls_server_config can be added or removed only at a restart');
      }
      this.current = { settings, auth: await authOf(settings) };
      if (settings.tls !== undefined) this.onTlsChange(settings);
      if (this.watched.length > 0) this.watch();
      this.events.onReloaded(settings);
      return true;
    } catch (error) {
      this.events.onReloadFailed(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
      return false;
    }
  }

  /** Re-reads when the file or a certificate, key or CA it names changes. */
  watch(): void {
    this.unwatch();
    this.watched = [this.path, ...(this.current.settings.tls?.files ?? [])];
    for (const file of this.watched) {
      watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) void this.reload();
      });
    }
  }

  unwatch(): void {
    for (const file of this.watched) unwatchFile(file);
    this.watched = [];
  }

  /** `handler` behind the client-certificate policy, basic auth and the configured headers. */
  wrap(handler: RequestListener): RequestListener {
    return (request: IncomingMessage, response: ServerResponse) => {
      const { settings, auth } = this.current;
      for (const [name, value] of Object.entries(settings.headers)) response.setHeader(name, value);
      const socket = request.socket;
      if (settings.tls !== undefined && socket instanceof TLSSocket) {
        const peer = socket.getPeerCertificate();
        const presented = peer !== null && Object.keys(peer).length > 0;
        if (!clientCertAccepted(settings.tls.clientAuthType, { presented, verified: socket.authorized })) {
          response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('client certificate required\n');
          return;
        }
      }
      if (auth === undefined) {
        handler(request, response);
        return;
      }
      void auth.check(request.headers.authorization).then((allowed) => {
        if (allowed) {
          handler(request, response);
          return;
        }
        response
          .writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': `Basic realm="${REALM}"` })
          .end('Unauthorized\n');
      });
    };
  }
}

async function authOf(settings: WebSettings): Promise<BasicAuth | undefined> {
  const cost = highestCost(settings.users);
  return cost === undefined ? undefined : BasicAuth.create(settings.users, cost);
}
