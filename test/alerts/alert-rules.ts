/**
 * The alert rules file and its promtool unit tests, parsed into typed objects for the tests that
 * check their structure (the rules' behaviour is checked by promtool itself).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ALERTS_DIR = path.join(REPO_ROOT, 'alerts');
export const RULES_PATH = path.join(ALERTS_DIR, 'acr-subscription.rules.yml');
export const RULE_TESTS_PATH = path.join(ALERTS_DIR, 'acr-subscription.rules.test.yml');

/** Every alert's runbook_url is this plus `#runbook-<alertname in lower case>`. */
export const RUNBOOK_BASE_URL = 'https://github.com/acr-subscription-exporter/acr-subscription-exporter';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export interface AlertRuleTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}

export interface RuleTestGroup {
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: AlertRuleTest[];
}

export interface RuleTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: RuleTestGroup[];
}

export function readRuleGroups(file: string = RULES_PATH): RuleGroup[] {
  return (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups;
}

export function readAlertRules(file: string = RULES_PATH): AlertRule[] {
  return readRuleGroups(file).flatMap((group) => group.rules);
}

export function readRuleTests(file: string = RULE_TESTS_PATH): RuleTestFile {
  return parse(readFileSync(file, 'utf8')) as RuleTestFile;
}

/** The runbook anchor an alert's runbook_url must point at: `runbook-<alertname lower case>`. */
export function runbookAnchor(alertName: string): string {
  return `runbook-${alertName.toLowerCase()}`;
}
