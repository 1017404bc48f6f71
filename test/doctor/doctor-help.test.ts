import { describe, expect, it } from '@jest/globals';
import { helpText } from '../../src/config/help-text.js';
import { doctorHelpText } from '../../src/doctor/doctor-help.js';

describe('doctorHelpText', () => {
  const text = doctorHelpText();

  it('names its options, every action it calls and the exit codes', () => {
    for (const word of ['--output=text|json', '--demo', '-h, --help', 'ListInstance', 'ListArtifactSubscriptionTask', 'ListArtifactSubscriptionRule', 'GetArtifactSubscriptionTaskResult', 'Exit codes: 0']) {
      expect(text).toContain(word);
    }
  });

  it('states the clock thresholds the check uses', () => {
    expect(text).toContain('warn past 30 s, failed past 5 min');
  });

  it('keeps within 80 columns, and so do its lines in the exporter --help', () => {
    const usage = helpText().split('\n\n')[0] ?? '';

    expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
    expect(usage.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it("is announced in the exporter's --help", () => {
    expect(helpText()).toContain('acr-subscription-exporter doctor [flags]');
  });
});
