/**
 * doctorCommand in process, with recorded output streams and the real demo (src/demo.ts): the
 * exit code, the output format and when the status column is coloured.
 */
import { describe, expect, it } from '@jest/globals';
import { startDemo } from '../../src/demo.js';
import { doctorCommand, type DoctorIo } from '../../src/doctor/doctor-command.js';

function recordingIo(options: { isTTY?: boolean; env?: Record<string, string> } = {}): DoctorIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.isTTY },
    stderr: { write: (text: string) => (err += text) },
    env: options.env ?? {},
    startDemo,
    out: () => out,
    err: () => err,
  };
}

const ESCAPE = '\u001b[';

describe('doctorCommand', () => {
  it('runs the demo: exit 1, plain text when stdout is not a terminal', async () => {
    const io = recordingIo();

    expect(await doctorCommand(['--demo'], io)).toBe(1);
    expect(io.out()).toContain('FAILED   cn-hangzhou/cri-hangzhou00003');
    expect(io.out()).not.toContain(ESCAPE);
    expect(io.err()).toBe('');
  });

  it('colours the status column on a terminal, unless NO_COLOR or TERM=dumb', async () => {
    const tty = recordingIo({ isTTY: true });
    const noColour = recordingIo({ isTTY: true, env: { NO_COLOR: '1' } });
    const dumb = recordingIo({ isTTY: true, env: { TERM: 'dumb' } });
    for (const io of [tty, noColour, dumb]) await doctorCommand(['--demo'], io);

    expect(tty.out()).toContain(`${ESCAPE}31;1mFAILED`);
    expect(noColour.out()).not.toContain(ESCAPE);
    expect(dumb.out()).not.toContain(ESCAPE);
  });

  it('writes JSON with --output json (separate value), never coloured', async () => {
    const io = recordingIo({ isTTY: true });

    expect(await doctorCommand(['--output', 'json', '--demo'], io)).toBe(1);
    expect((JSON.parse(io.out()) as { counts: { failed: number } }).counts.failed).toBe(2);
  });

  it('exits 2 naming a missing --output value', async () => {
    const io = recordingIo();

    expect(await doctorCommand(['--demo', '--output'], io)).toBe(2);
    expect(io.err()).toBe('acr-subscription-exporter doctor: --output: "" is not allowed; expected text or json\n');
    expect(io.out()).toBe('');
  });
});
