import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@app/config';

export const APPS: readonly ServiceName[] = SERVICE_NAMES;

export interface AppCommand {
  command: string;
  args: string[];
}

/**
 * V8 flags every app runs with, here and in the image (docker/entrypoint.sh). A 4 MB semi-space
 * (the young generation is two) instead of V8's 16 MB keeps 24 MB less memory committed per app;
 * an app's short-lived garbage per message is small enough that scavenges stay cheap. A 256 MB old
 * space makes V8 collect its garbage early instead of letting it grow towards the machine-sized
 * default: an app keeps 40-55 MB live under load, and the pods' memory limit is 512 Mi.
 */
export const APP_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=256'];

/**
 * How `npm start` runs one app: the compiled output under node (Nest needs the decorator metadata
 * that the build emits and tsx does not). Stack traces are mapped back to the TypeScript by the app
 * itself (runService), lazily, rather than by `--enable-source-maps`, which keeps every module's
 * map in memory. With `APP_CPU_PROFILE_DIR` set, each app writes a V8 CPU profile there when it
 * stops (node refuses `--cpu-prof` in NODE_OPTIONS, so it has to be an argument).
 */
export function appCommand(app: ServiceName, env: NodeJS.ProcessEnv = process.env): AppCommand {
  const profileDir = env.APP_CPU_PROFILE_DIR;
  return {
    command: process.execPath,
    args: [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...APP_NODE_FLAGS,
      join('dist', 'apps', app, 'src', 'main.js'),
    ],
  };
}
