import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { ALERTS_DIR, RULES_PATH, RULE_TESTS_PATH, readAlertRules, readRuleTests } from './alert-rules.js';

const execFileAsync = promisify(execFile);

/** The alert whose threshold the last test loosens: its unit tests must then fail, proving they can. */
const CHANGED_ALERT = 'AcrSubscriptionTagSubscriptionRatioLow';
/** Its threshold in the rules file (the end of its bridged expression, followed by its `for:`), and the loosened one. */
const CHANGED_THRESHOLD = { from: ') < 0.9\n        for: 30m', to: ') < 0.4\n        for: 30m' };

interface CommandResult {
  exitCode: number;
  output: string;
}

/** Runs a command and returns its exit code and combined output instead of throwing on failure. */
async function run(command: string, args: string[], cwd: string): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, timeout: 60_000 });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describeWithBinaries(['promtool'], 'alert rules under promtool', ({ promtool }) => {
  it('passes promtool check rules', async () => {
    const result = await run(promtool, ['check', 'rules', path.basename(RULES_PATH)], ALERTS_DIR);

    expect(result.output).toContain(`SUCCESS: ${readAlertRules().length} rules found`);
    expect(result.exitCode).toBe(0);
  });

  it('passes promtool test rules', async () => {
    const result = await run(promtool, ['test', 'rules', path.basename(RULE_TESTS_PATH)], ALERTS_DIR);

    expect(result.output).not.toContain('FAILED');
    expect(result.output).toContain('SUCCESS');
    expect(result.exitCode).toBe(0);
  }, 60_000);

  describe('when a threshold changes', () => {
    let scratch: string;

    beforeAll(() => {
      scratch = mkdtempSync(path.join(tmpdir(), 'acr-rules-'));
      // Only the tests of the alert concerned, to keep this fast.
      const ruleTests = readRuleTests();
      const ratioTests = ruleTests.tests.filter((group) => group.alert_rule_test.some((test) => test.alertname === CHANGED_ALERT));
      expect(ratioTests).not.toHaveLength(0);
      writeFileSync(path.join(scratch, path.basename(RULE_TESTS_PATH)), stringify({ ...ruleTests, tests: ratioTests }));
      const rules = readFileSync(RULES_PATH, 'utf8');
      const loosened = rules.replace(CHANGED_THRESHOLD.from, CHANGED_THRESHOLD.to);
      expect(loosened).not.toBe(rules);
      writeFileSync(path.join(scratch, path.basename(RULES_PATH)), loosened);
    });

    afterAll(() => {
      rmSync(scratch, { recursive: true, force: true });
    });

    it('the unit tests fail, naming the alert', async () => {
      const result = await run(promtool, ['test', 'rules', path.basename(RULE_TESTS_PATH)], scratch);

      expect(result.exitCode).not.toBe(0);
      expect(result.output).toContain(`alertname: ${CHANGED_ALERT}`);
    }, 60_000);
  });
});
