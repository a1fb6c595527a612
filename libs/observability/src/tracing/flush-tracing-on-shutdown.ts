import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { installedTracing } from './tracing';

/** Exports the spans still buffered when the app stops, so the last requests and messages are not lost. */
@Injectable()
export class FlushTracingOnShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await installedTracing()?.forceFlush();
  }
}
