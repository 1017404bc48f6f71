import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { knownMetricNames } from '../grafana/known-metric-names.js';
import { metricNamesIn } from '../grafana/promql-metric-names.js';
import { ALERTS_DIR, REPO_ROOT, RUNBOOK_BASE_URL, readAlertRules, readRuleTests, runbookAnchor } from './alert-rules.js';

const SEVERITIES = ['critical', 'warning', 'info'];
const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook_url'];

/** The job name the README documents; only the rules on `up` may depend on it. */
const EXPORTER_JOB_SELECTOR = 'job="acr-subscription-exporter"';

/** The alerts issue 4 asks for, by what they watch. */
const REQUIRED_ALERTS = [
  'AcrSubscriptionExporterDown',
  'AcrSubscriptionCollectionFailing',
  'AcrSubscriptionApiAuthErrors',
  'AcrSubscriptionApiThrottling',
  'AcrSubscriptionTasksFailing',
  'AcrSubscriptionRepositoryLastTaskFailed',
  'AcrSubscriptionTaskInProgressTooLong',
  'AcrSubscriptionRepositoryNoRecentSuccess',
  'AcrSubscriptionRepositoryNeverSucceeded',
  'AcrSubscriptionTagSubscriptionRatioLow',
  'AcrSubscriptionExporterDataStale',
  // Issue 9.
  'AcrSubscriptionExporterCollectsNothing',
  'AcrSubscriptionIncompleteListings',
];

/** The README's severity policy: critical is kept for "the exporter as a whole sees nothing". */
const CRITICAL_ALERTS = ['AcrSubscriptionExporterDown', 'AcrSubscriptionExporterAbsent', 'AcrSubscriptionExporterCollectsNothing'];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The runbook lives in README.md once the lead merged alerts/README-section.md into it. */
function runbookDocument(): { file: string; text: string } {
  const readme = path.join(REPO_ROOT, 'README.md');
  if (existsSync(readme) && /^#{1,6} Runbook: /m.test(readFileSync(readme, 'utf8'))) return { file: readme, text: readFileSync(readme, 'utf8') };
  const section = path.join(ALERTS_DIR, 'README-section.md');
  return { file: section, text: readFileSync(section, 'utf8') };
}

const rules = readAlertRules();
const ruleTests = readRuleTests();
const alertTests = ruleTests.tests.flatMap((group) => group.alert_rule_test);

it('has every alert the issue asks for, each name once', () => {
  const names = rules.map((rule) => rule.alert);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toEqual(expect.arrayContaining(REQUIRED_ALERTS));
});

it('points the promtool tests at the rules file next to them', () => {
  expect(ruleTests.rule_files).toEqual(['acr-subscription.rules.yml']);
});

describe.each(rules.map((rule) => [rule.alert, rule] as const))('%s', (alertName, rule) => {
  let known: Set<string>;

  beforeAll(async () => {
    known = await knownMetricNames();
  });

  it('has a severity and a summary, a description and a runbook_url', () => {
    expect(SEVERITIES).toContain(rule.labels.severity);
    expect(rule.labels.severity === 'critical').toBe(CRITICAL_ALERTS.includes(alertName));
    for (const annotation of REQUIRED_ANNOTATIONS) expect((rule.annotations[annotation] ?? '').trim()).not.toBe('');
    expect(alertName).toMatch(/^AcrSubscription[A-Z]\w+$/);
  });

  it('waits a `for:` of at least a minute before it fires', () => {
    expect(rule.for).toMatch(/^(\d+[smhd])+$/);
    expect(rule.for).not.toMatch(/^0+[smhd]$/);
    expect(rule.for).not.toMatch(/^\d+s$/);
  });

  it('links its runbook section, which exists', () => {
    expect(rule.annotations.runbook_url).toBe(`${RUNBOOK_BASE_URL}#${runbookAnchor(alertName)}`);
    const { file, text } = runbookDocument();
    const anchors = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => githubAnchor(match[1] ?? ''));
    expect({ file, anchors }).toEqual({ file, anchors: expect.arrayContaining([runbookAnchor(alertName)]) });
  });

  it('reads only metrics the exporter or Prometheus provides', () => {
    const names = metricNamesIn(rule.expr);
    expect(names).not.toHaveLength(0);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('depends on the job name only when it reads up', () => {
    expect(rule.expr.includes(EXPORTER_JOB_SELECTOR)).toBe(metricNamesIn(rule.expr).includes('up'));
  });

  it('has a promtool test where it fires with its severity and every annotation', () => {
    const firing = alertTests.filter((test) => test.alertname === alertName).flatMap((test) => test.exp_alerts);
    expect(firing).not.toHaveLength(0);
    for (const alert of firing) {
      expect(alert.exp_labels?.severity).toBe(rule.labels.severity);
      expect(Object.keys(alert.exp_annotations ?? {}).sort()).toEqual([...REQUIRED_ANNOTATIONS].sort());
    }
  });

  it('has a promtool test where it stays quiet', () => {
    const quiet = alertTests.filter((test) => test.alertname === alertName && test.exp_alerts.length === 0);
    expect(quiet).not.toHaveLength(0);
  });
});
