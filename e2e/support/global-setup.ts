import { execFileSync } from 'node:child_process';

/** e2e scenarios run the apps as separate processes from the compiled output, as in production. */
export default function globalSetup(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: `${__dirname}/../..`, stdio: 'inherit' });
}
