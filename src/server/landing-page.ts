import type { Snapshot } from '../collector/snapshot.js';
import type { RegionConfig } from '../config/types.js';
import type { Shard } from '../model/shard.js';

export interface LandingPageInfo {
  version: string;
  mode: string;
  regions: readonly RegionConfig[];
  shard: Shard;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function age(fromMs: number | undefined, nowMs: number): string {
  if (fromMs === undefined) return 'never';
  const seconds = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  return seconds < 120 ? `${seconds}s ago` : `${Math.round(seconds / 60)}m ago`;
}

/** "code: message", unless the message names the code already (ApiError messages do). */
function describeFailure(error: { code: string; message: string } | undefined): string {
  if (!error) return 'unknown error';
  return error.message.includes(error.code) ? error.message : `${error.code}: ${error.message}`;
}

/**
 * The landing page: version, configured regions and every instance's last collection. It shows
 * configuration and outcomes only; credentials never reach the exporter's own state, so they cannot
 * appear here.
 */
export function renderLandingPage(info: LandingPageInfo, snapshot: Snapshot | undefined, nowMs: number): string {
  const regions = info.regions
    .map(
      (region) =>
        `<tr><td>${escapeHtml(region.id)}</td><td>${escapeHtml(`${region.protocol}://${region.endpoint}`)}</td><td>${
          region.instances === undefined ? 'discovery (ListInstance)' : escapeHtml(region.instances.join(', '))
        }</td></tr>`,
    )
    .join('\n');
  const instances = (snapshot?.instances ?? [])
    .map((instance) => {
      const result = instance.collectSuccess ? 'ok' : `failed: ${describeFailure(instance.error)}`;
      return `<tr><td>${escapeHtml(instance.region)}</td><td>${escapeHtml(instance.instanceId)}</td><td>${escapeHtml(
        instance.info?.instanceName ?? '',
      )}</td><td class="${instance.collectSuccess ? 'ok' : 'failed'}">${escapeHtml(result)}</td><td>${instance.collectDurationSeconds.toFixed(
        3,
      )}s</td><td>${age(instance.lastSuccessTimeMs, nowMs)}</td></tr>`;
    })
    .join('\n');
  // A snapshot is taken whenever an instance finishes (a collection may still be running for the others).
  const collected = snapshot ? `Last instance result ${age(snapshot.takenAtMs, nowMs)}.` : 'No instance has been collected yet.';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>ACR subscription exporter</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.ok{color:#060}.failed{color:#a00}</style>
</head>
<body>
<h1>ACR subscription exporter</h1>
<p>Version ${escapeHtml(info.version)} &middot; collection mode ${escapeHtml(info.mode)} &middot; shard ${info.shard.index} of ${info.shard.total}</p>
<p><a href="/metrics">Metrics</a> &middot; <a href="/-/healthy">Health</a> &middot; <a href="/-/ready">Readiness</a></p>
<h2>Regions</h2>
<table><tr><th>Region</th><th>Endpoint</th><th>Instances</th></tr>
${regions}
</table>
<h2>Instances</h2>
<p>${collected}</p>
<table><tr><th>Region</th><th>Instance</th><th>Name</th><th>Last collection</th><th>Duration</th><th>Last success</th></tr>
${instances}
</table>
</body>
</html>
`;
}
