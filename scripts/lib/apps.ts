import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@app/config';

export const APPS: readonly ServiceName[] = SERVICE_NAMES;

export interface AppCommand {
  command: string;
  args: string[];
}

/**
 * How `npm start` runs one app: the compiled output under node (Nest needs the decorator metadata
 * that the build emits and tsx does not), with stack traces mapped back to the TypeScript.
 */
export function appCommand(app: ServiceName): AppCommand {
  return {
    command: process.execPath,
    args: ['--enable-source-maps', join('dist', 'apps', app, 'src', 'main.js')],
  };
}
