import { ChildProcess, spawn } from 'node:child_process';
import { linePrefix, pipePrefixedLines, wantsColor } from './prefixed-lines';
import { stopChild } from './stop-child';

export interface ProcessSpec {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ProcessExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SupervisorOptions {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Color the prefixes; by default only on a terminal. */
  color?: boolean;
  /** How long a child may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
}

interface Supervised {
  name: string;
  child: ChildProcess;
  /** Settles when the process has exited and all its output has been written. */
  done: Promise<ProcessExit>;
}

/**
 * Runs processes side by side with their output prefixed by name, reports the first one that exits
 * on its own, and stops them all together.
 */
export class Supervisor {
  private readonly children: Supervised[] = [];
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private readonly color: boolean;
  private readonly stopTimeoutMs: number;
  private stopping?: Promise<ProcessExit[]>;
  private reportUnexpectedExit!: (exit: ProcessExit) => void;

  /** The first process to exit while the supervisor was not stopping. Never settles otherwise. */
  readonly unexpectedExit = new Promise<ProcessExit>((resolve) => (this.reportUnexpectedExit = resolve));

  constructor(options: SupervisorOptions = {}) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.color = options.color ?? wantsColor(this.stdout);
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  start(specs: readonly ProcessSpec[]): void {
    const width = Math.max(...specs.map((spec) => spec.name.length));
    specs.forEach((spec, index) =>
      this.children.push(this.launch(spec, linePrefix(spec.name, index, width, this.color))),
    );
  }

  /** Sends SIGTERM to every process, kills those still running after the timeout, and waits for all. */
  stop(): Promise<ProcessExit[]> {
    this.stopping ??= Promise.all(
      this.children.map(async ({ name, child, done }) => {
        if (!(await stopChild(child, this.stopTimeoutMs))) {
          this.stderr.write(`${name} did not stop within ${this.stopTimeoutMs} ms and was killed\n`);
        }
        return done;
      }),
    );
    return this.stopping;
  }

  private launch(spec: ProcessSpec, prefix: string): Supervised {
    // Own process group: a Ctrl-C in the terminal reaches only the supervisor, so each child gets
    // exactly one SIGTERM from it (Nest exits on the spot at a second signal, mid-shutdown).
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = Promise.all([
      pipePrefixedLines(child.stdout!, this.stdout, prefix),
      pipePrefixedLines(child.stderr!, this.stderr, prefix),
    ]);
    child.once('error', (error) => this.stderr.write(`${prefix}could not start: ${error.message}\n`));
    const done = new Promise<ProcessExit>((resolve) =>
      child.once('close', (code, signal) => resolve({ name: spec.name, code, signal })),
    ).then(async (exit) => {
      await output;
      if (!this.stopping) this.reportUnexpectedExit(exit);
      return exit;
    });
    return { name: spec.name, child, done };
  }
}

/** "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** A process that honoured SIGTERM: it exited 0, or re-raised the signal after cleaning up (as Nest does). */
export function stoppedCleanly(exit: ProcessExit): boolean {
  return exit.code === 0 || exit.signal === 'SIGTERM';
}
