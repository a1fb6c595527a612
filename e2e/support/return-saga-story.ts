import { type TimelineEntry, sagaTimeline } from './orchestrator-records';
import type { RunningPlatform } from './platform';

/**
 * A saga's course as one line per command sent and reply received, e.g.
 * `reply-received refund-payment BUSINESS_FAILURE REFUND_DECLINED`: what a scenario asserts to
 * show which step refused and with which code (the gateway's view has no timeline).
 */
export async function sagaStory(platform: RunningPlatform, sagaId: string): Promise<string[]> {
  return storyOf(await sagaTimeline(platform, sagaId));
}

export function storyOf(timeline: readonly TimelineEntry[]): string[] {
  return timeline.flatMap((entry) => {
    switch (entry.kind) {
      case 'command-sent':
      case 'compensation-sent':
        return [`${entry.kind} ${entry.step}`];
      case 'reply-received': {
        const { outcome, error } = entry.detail as { outcome?: string; error?: { code?: string } };
        return [[entry.kind, entry.step, outcome, error?.code].filter(Boolean).join(' ')];
      }
      default:
        return [];
    }
  });
}
