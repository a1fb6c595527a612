import { parseArgs } from 'node:util';

/** What `npx saga …` was asked to do. */
export type CliCommand =
  | { name: 'list'; status?: string; type?: string; businessKey?: string; json: boolean }
  | { name: 'show'; sagaId: string; json: boolean }
  | { name: 'retry'; sagaId: string; reason?: string; json: boolean }
  | { name: 'abort'; sagaId: string; reason: string; dryRun: boolean; json: boolean }
  | { name: 'dead-letters'; action: 'list'; json: boolean }
  | { name: 'dead-letters'; action: 'replay' | 'delete'; id: string; json: boolean }
  | { name: 'help' };

export const USAGE = `usage: npx saga <command>

  list [--status S] [--type T] [--business-key K] [--json]   sagas, newest first
  show <sagaId> [--json]                                      steps, timeline, next deadline
  retry <sagaId> [--reason R] [--json]                        resume a FAILED saga or cut a backoff short
  abort <sagaId> --reason R [--dry-run] [--json]              compensate (--dry-run: list what would be sent)
  dead-letters [list|replay <id>|delete <id>] [--json]        the dead-letter queue

environment: ORCHESTRATOR_URL (default http://127.0.0.1:3001), ADMIN_TOKEN
exit codes: 0 done, 3 the orchestrator refused the action (409), 1 any other error`;

/** A command line that names no valid command; the message says what is wrong. */
export class UsageError extends Error {}

const OPTIONS = {
  status: { type: 'string' },
  type: { type: 'string' },
  'business-key': { type: 'string' },
  reason: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which options each command takes; any other is a usage error. */
const ALLOWED: Record<string, readonly string[]> = {
  list: ['status', 'type', 'business-key', 'json'],
  show: ['json'],
  retry: ['reason', 'json'],
  abort: ['reason', 'dry-run', 'json'],
  'dead-letters': ['json'],
};

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  const allowed = ALLOWED[name];
  if (!allowed) throw new UsageError(`unknown command '${name}'`);
  for (const option of Object.keys(values)) {
    if (!allowed.includes(option)) throw new UsageError(`${name} takes no --${option}`);
  }
  const json = values.json === true;
  const operands = (count: number, what: string) => {
    if (rest.length !== count) throw new UsageError(`${name} takes ${what}`);
    return rest;
  };
  switch (name) {
    case 'list':
      operands(0, 'no operands');
      return { name, status: values.status, type: values.type, businessKey: values['business-key'], json };
    case 'show':
      return { name, sagaId: operands(1, 'one saga id')[0], json };
    case 'retry':
      return { name, sagaId: operands(1, 'one saga id')[0], reason: nonBlank(values.reason), json };
    case 'abort': {
      const [sagaId] = operands(1, 'one saga id');
      const reason = nonBlank(values.reason);
      if (reason === undefined)
        throw new UsageError('abort needs --reason R (it goes on the saga’s timeline)');
      return { name, sagaId, reason, dryRun: values['dry-run'] === true, json };
    }
    default: {
      const [action = 'list', ...ids] = rest;
      if (action === 'list' && ids.length === 0) return { name: 'dead-letters', action, json };
      if ((action === 'replay' || action === 'delete') && ids.length === 1)
        return { name: 'dead-letters', action, id: ids[0], json };
      throw new UsageError('dead-letters takes list, replay <id> or delete <id>');
    }
  }
}

function nonBlank(value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError('--reason must not be blank');
  return value;
}
