/**
 * Where a V8 CPU profile's time went, by package and by function (self time), e.g. of the
 * profiles `APP_CPU_PROFILE_DIR=/tmp/profiles npm start` leaves behind when stopped:
 *
 *   npx tsx bench/cpu-profile-summary.ts /tmp/profiles/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>`, `app:<apps|libs>/<name>`, `node-core`, or V8's own label ("(garbage collector)"). */
export function packageOf(frame: ProfileNode['callFrame']): string {
  const { url } = frame;
  if (url.includes('node_modules/')) {
    const parts = url.split('node_modules/').pop()!.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node-core';
  if (url)
    return `app:${url
      .replace(/.*\/(apps|libs)\//, '$1/')
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  return frame.functionName || '(native)';
}

export function summarize(profile: CpuProfile, top: number): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id)!;
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.replace(/.*(node_modules|dist)\//, '')}:${lineNumber + 1}`;
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
  });
  const rows = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => {
        const ms = (micros / 1_000).toFixed(0).padStart(8);
        return `${ms} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`;
      });
  return [`total ${(total / 1_000).toFixed(0)} ms`, '', ...rows(byPackage), '', ...rows(byFunction)].join(
    '\n',
  );
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new Error('name one or more .cpuprofile files');
  for (const file of positionals) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(`== ${file}\n${summarize(profile, Number(values.top))}\n\n`);
  }
}

if (require.main === module) main();
