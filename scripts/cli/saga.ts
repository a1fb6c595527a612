/**
 * `npx saga …` (through `scripts/saga-cli.cjs`): the operator's command line over the
 * orchestrator's admin API. See `scripts/cli/cli-args.ts` for the commands.
 */
import { runCli } from './run-cli';

runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`saga: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
