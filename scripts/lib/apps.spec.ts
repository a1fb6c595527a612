import { APPS, appCommand } from './apps';

describe('appCommand', () => {
  it('runs the compiled app under node with source maps', () => {
    expect(appCommand('gateway')).toEqual({
      command: process.execPath,
      args: ['--enable-source-maps', 'dist/apps/gateway/src/main.js'],
    });
  });

  it('covers the six apps', () => {
    expect(APPS).toEqual(['gateway', 'orchestrator', 'order', 'payment', 'inventory', 'shipping']);
  });
});
