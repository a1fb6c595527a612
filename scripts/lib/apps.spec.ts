import { APPS, appCommand } from './apps';

describe('appCommand', () => {
  it('runs the compiled app under node with bounded young and old generations, without keeping every source map', () => {
    expect(appCommand('gateway', {})).toEqual({
      command: process.execPath,
      args: ['--max-semi-space-size=4', '--max-old-space-size=256', 'dist/apps/gateway/src/main.js'],
    });
  });

  it('asks node for a CPU profile when APP_CPU_PROFILE_DIR names a folder', () => {
    expect(appCommand('order', { APP_CPU_PROFILE_DIR: '/tmp/profiles' }).args).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/profiles',
      '--max-semi-space-size=4',
      '--max-old-space-size=256',
      'dist/apps/order/src/main.js',
    ]);
  });

  it('covers the six apps', () => {
    expect(APPS).toEqual(['gateway', 'orchestrator', 'order', 'payment', 'inventory', 'shipping']);
  });
});
