import type { InstanceSnapshot, Snapshot } from '../collector/snapshot.js';
import type { RegionConfig } from '../config/types.js';
import type { Shard } from '../model/shard.js';
import { escapeHtml } from './escape-html.js';
import { failedTagsSection } from './failed-tags-section.js';
import { perInstanceTable } from './per-instance-table.js';
import { repositoriesNeedingAttention, type AttentionReason, type RepositoryAttention } from './repository-attention.js';
import { countTaskStates } from './task-state-counts.js';

export interface LandingPageInfo {
  version: string;
  mode: string;
  regions: readonly RegionConfig[];
  shard: Shard;
  /** collection.inProgressStatuses: which tasks count as in progress, and which newest tasks have an outcome. */
  inProgressStatuses: readonly string[];
}

/** Most repositories listed per instance under "needs attention"; the rest are counted. */
export const MAX_ATTENTION_ROWS_PER_INSTANCE = 20;

/**
 * A static page with no script: a reader who cannot run JavaScript sees everything. A wide table
 * scrolls inside its box rather than widening the page. The empty icon link in the head keeps
 * browsers from asking for /favicon.ico (a 404 in their console).
 */
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#fff;margin:0 auto;padding:1.5em 2em;max-width:78em}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
.meta{color:#454c54;margin:.2em 0}a{color:#0b57b0}
div.table{overflow-x:auto;margin:.4em 0}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:5px 9px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f3f5f7;font-weight:600;white-space:nowrap}
td.id{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:#116329;font-weight:600}.failed{color:#a40e26}strong.failed{font-weight:600}.muted{color:#59636e}
.count{display:inline-block;margin:0 .6em .1em 0;white-space:nowrap}
`.trim();

/** "42s ago", "5m ago", "3h ago", "2d ago"; "never" without a time. */
function age(fromMs: number | undefined, nowMs: number): string {
  if (fromMs === undefined) return 'never';
  const seconds = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 120 * 60) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

/** "code: message", unless the message names the code already (ApiError messages do); on one line. */
function describeFailure(error: { code: string; message: string } | undefined): string {
  if (!error) return 'unknown error';
  const message = error.message.replace(/\s+/g, ' ').trim();
  return message.includes(error.code) ? message : `${error.code}: ${message}`;
}

function regionRows(regions: readonly RegionConfig[]): string {
  return regions
    .map(
      (region) =>
        `<tr><td>${escapeHtml(region.role ? `${region.id} as ${region.role.arn}` : region.id)}</td><td>${escapeHtml(`${region.protocol}://${region.endpoint}`)}</td><td>${
          region.instances === undefined ? 'discovery (ListInstance)' : escapeHtml(region.instances.join(', '))
        }</td></tr>`,
    )
    .join('\n');
}

function lastCollection(instance: InstanceSnapshot): string {
  return instance.collectSuccess
    ? '<span class="ok">ok</span>'
    : `<span class="failed">${escapeHtml(`failed: ${describeFailure(instance.error)}`)}</span>`;
}

function taskCounts(instance: InstanceSnapshot, inProgressStatuses: ReadonlySet<string>): string {
  if (!instance.tasks) return '<span class="muted">no task data</span>';
  const counts = countTaskStates(instance.tasks, inProgressStatuses);
  const parts = [`<span class="count">in progress ${counts.inProgress}</span>`];
  for (const { result, count } of counts.finishedByResult) {
    parts.push(`<span class="count">${escapeHtml(result)} ${count}</span>`);
  }
  return parts.join(' ');
}

/** The instance's subscription rules: how many are served, and whether the last listing failed (its code only: the cell stays narrow). */
function ruleCount(instance: InstanceSnapshot): string {
  const { rules } = instance;
  if (!rules) return '<span class="muted">not listed yet</span>';
  const failure = rules.refreshSuccess ? '' : `<span class="failed">${escapeHtml(`listing failed (${rules.error?.code ?? 'unknown error'})`)}</span>`;
  if (!rules.rules) return failure;
  return failure === '' ? String(rules.rules.length) : `${rules.rules.length}, ${failure}`;
}

function instanceRows(instances: readonly InstanceSnapshot[], inProgressStatuses: ReadonlySet<string>, nowMs: number): string {
  return instances
    .map(
      (instance) =>
        `<tr><td class="id">${escapeHtml(instance.region)}</td><td class="id">${escapeHtml(instance.instanceId)}</td><td>${escapeHtml(
          instance.info?.instanceName ?? '',
        )}</td><td>${lastCollection(instance)}</td><td class="num">${instance.collectDurationSeconds.toFixed(3)}s</td><td class="num">${age(
          instance.lastSuccessTimeMs,
          nowMs,
        )}</td><td>${taskCounts(instance, inProgressStatuses)}</td><td>${ruleCount(instance)}</td></tr>`,
    )
    .join('\n');
}

function describeReason(reason: AttentionReason, nowMs: number): string {
  switch (reason.kind) {
    case 'last-task-failed':
      return `newest task ended ${reason.result}`;
    case 'ratio-low':
      return `last finished task subscribed ${reason.subscribed} of ${reason.total} tags`;
    case 'no-recent-success':
      return `last success ${age(reason.lastSuccessEndTimeMs, nowMs)}`;
    case 'never-succeeded':
      return 'no successful task listed';
  }
}

function attentionRow(instance: InstanceSnapshot, { repository, reasons }: RepositoryAttention, nowMs: number): string {
  const { lastTask } = repository;
  const source = `${lastTask.sourceProvider} ${lastTask.sourceNamespace}/${lastTask.sourceRepository}`;
  return `<tr><td class="id">${escapeHtml(instance.instanceId)}</td><td>${escapeHtml(`${repository.namespace}/${repository.repository}`)}</td><td>${escapeHtml(
    source,
  )}</td><td>${escapeHtml(`${lastTask.status} / ${lastTask.result}`)} <span class="muted">${lastTask.startTimeMs === undefined ? 'start unknown' : `started ${age(lastTask.startTimeMs, nowMs)}`}</span></td><td><strong class="failed">${escapeHtml(reasons.map((reason) => describeReason(reason, nowMs)).join('; '))}</strong></td></tr>`;
}

function attentionSection(instances: readonly InstanceSnapshot[], inProgressStatuses: ReadonlySet<string>, nowMs: number): string {
  return perInstanceTable<RepositoryAttention>(instances, {
    itemsOf: (instance) => repositoriesNeedingAttention(instance.tasks, inProgressStatuses, nowMs),
    row: (instance, attention) => attentionRow(instance, attention, nowMs),
    maxRowsPerInstance: MAX_ATTENTION_ROWS_PER_INSTANCE,
    intro: 'Newest task ended without SUCCESS, fewer tags subscribed than found, or no success within a day.',
    headers: ['Instance', 'Repository', 'Source', 'Newest task', 'Why'],
    noneText: 'Every repository’s newest task succeeded, with all its tags, within a day.',
  });
}

/**
 * The landing page: version, configured regions, every instance's last collection and task counts,
 * and the repositories that need attention. It shows configuration and outcomes only; credentials
 * never reach the exporter's own state, so they cannot appear here.
 */
export function renderLandingPage(info: LandingPageInfo, snapshot: Snapshot | undefined, nowMs: number): string {
  const inProgressStatuses = new Set(info.inProgressStatuses);
  const instances = snapshot?.instances ?? [];
  // A snapshot is taken whenever an instance finishes (a collection may still be running for the others).
  const collected = snapshot ? `Last instance result ${age(snapshot.takenAtMs, nowMs)}.` : 'No instance has been collected yet.';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ACR subscription exporter</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<h1>ACR subscription exporter</h1>
<p class="meta">Version ${escapeHtml(info.version)} &middot; collection mode ${escapeHtml(info.mode)} &middot; shard ${info.shard.index} of ${info.shard.total}</p>
<p class="meta"><a href="/metrics">Metrics</a> &middot; <a href="/-/healthy">Health</a> &middot; <a href="/-/ready">Readiness</a></p>
<h2>Instances</h2>
<p class="meta">${collected}</p>
<div class="table"><table><tr><th>Region</th><th>Instance</th><th>Name</th><th>Last collection</th><th>Duration</th><th>Last success</th><th>Tasks listed</th><th>Rules</th></tr>
${instanceRows(instances, inProgressStatuses, nowMs)}
</table></div>
<h2>Repositories needing attention</h2>
${attentionSection(instances, inProgressStatuses, nowMs)}
<h2>Failed tags</h2>
${failedTagsSection(instances)}
<h2>Regions</h2>
<div class="table"><table><tr><th>Region</th><th>Endpoint</th><th>Instances</th></tr>
${regionRows(info.regions)}
</table></div>
</body>
</html>
`;
}
