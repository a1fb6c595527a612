import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@app/config';

export const APPS: readonly ServiceName[] = SERVICE_NAMES;

export interface AppCommand {
  command: string;
  args: string[];
}

/**
 * How `npm start` runs one app: the compiled output under node (Nest needs the decorator metadata
 * that the build emits and tsx does not), with stack traces mapped back to the TypeScript. With
 * `APP_CPU_PROFILE_DIR` set, each app writes a V8 CPU profile there when it stops (node refuses
 * `--cpu-prof` in NODE_OPTIONS, so it has to be an argument).
 */
export function appCommand(app: ServiceName, env: NodeJS.ProcessEnv = process.env): AppCommand {
  const profileDir = env.APP_CPU_PROFILE_DIR;
  return {
    command: process.execPath,
    args: [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '--enable-source-maps',
      join('dist', 'apps', app, 'src', 'main.js'),
    ],
  };
}
