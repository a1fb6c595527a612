import { AdminApiClient, AdminApiError } from './admin-api';
import { type CliCommand, USAGE, UsageError, parseCliArgs } from './cli-args';
import { formatDeadLetters, formatDryRun, formatSagaList, formatSagaShow } from './cli-printers';

export const DEFAULT_ORCHESTRATOR_URL = 'http://127.0.0.1:3001';

/** Exit codes (DESIGN "Operator additions"). */
export const EXIT = { ok: 0, error: 1, refused: 3 } as const;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  now(): Date;
}

/**
 * `npx saga …`: parses the command line, calls the admin API at ORCHESTRATOR_URL with
 * ADMIN_TOKEN, prints the answer (the API's JSON with `--json`), and returns the exit code:
 * 3 when the orchestrator refused an action (409), 1 with one line on stderr for anything else.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`saga: ${error.message} (npx saga --help)`);
    return EXIT.error;
  }
  if (command.name === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  const token = env.ADMIN_TOKEN;
  if (!token) {
    io.err('saga: ADMIN_TOKEN is not set: export the admin token `npm start` printed');
    return EXIT.error;
  }
  const client = new AdminApiClient(
    (env.ORCHESTRATOR_URL || DEFAULT_ORCHESTRATOR_URL).replace(/\/+$/, ''),
    token,
  );
  try {
    await execute(command, client, io);
    return EXIT.ok;
  } catch (error) {
    io.err(`saga: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof AdminApiError && error.status === 409 ? EXIT.refused : EXIT.error;
  }
}

async function execute(command: Exclude<CliCommand, { name: 'help' }>, client: AdminApiClient, io: CliIo) {
  const print = (json: unknown, lines: () => string[]) =>
    command.json ? io.out(JSON.stringify(json, null, 2)) : lines().forEach((line) => io.out(line));
  switch (command.name) {
    case 'list': {
      const page = await client.listSagas({
        status: command.status,
        type: command.type,
        businessKey: command.businessKey,
        limit: 500,
      });
      return print(page, () => formatSagaList(page.items));
    }
    case 'show': {
      const saga = await client.saga(command.sagaId);
      return print(saga, () => formatSagaShow(saga, io.now()));
    }
    case 'retry': {
      const saga = await client.retry(command.sagaId, command.reason);
      return print(saga, () => [`retried saga ${saga.sagaId}: now ${saga.status}`]);
    }
    case 'abort': {
      if (command.dryRun) {
        const plan = await client.abortDryRun(command.sagaId, command.reason);
        return print(plan, () => formatDryRun(command.sagaId, plan));
      }
      const saga = await client.abort(command.sagaId, command.reason);
      return print(saga, () => [`aborted saga ${saga.sagaId}: now ${saga.status}`]);
    }
    case 'dead-letters': {
      if (command.action === 'list') {
        const page = await client.deadLetters();
        return print(page, () => formatDeadLetters(page.items));
      }
      if (command.action === 'replay') {
        const outcome = await client.replayDeadLetter(command.id);
        return print(outcome, () => [`replayed dead letter ${command.id}`]);
      }
      await client.deleteDeadLetter(command.id);
      return print({ id: command.id, deleted: true }, () => [`deleted dead letter ${command.id}`]);
    }
  }
}
