import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ADMIN_UI_CONFIG, type AdminUiConfig } from './admin-ui-config';

/**
 * The console's own policy, replacing helmet's default on its page only: scripts, styles and API
 * calls from this origin and nothing else, no inline code, no plugins, no framing, DOM sinks
 * locked by Trusted Types. (Helmet's `upgrade-insecure-requests` is left out: the orchestrator
 * serves plain HTTP, and upgrading the page's own API calls to https would break them.)
 */
export const ADMIN_UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Served from beside this file: `npm run build` copies non-TypeScript files into dist/ as they are. */
function asset(name: string): string {
  return readFileSync(join(__dirname, name), 'utf8');
}

/**
 * The operator console at `/admin/ui`: static files, no token needed to load them. The page asks
 * for the admin token and sends it on its own calls to the admin API.
 */
@Controller('admin/ui')
export class AdminUiController {
  private readonly page = asset('index.html');
  private readonly script = asset('admin-ui.js');
  private readonly styles = asset('admin-ui.css');

  constructor(@Inject(ADMIN_UI_CONFIG) private readonly config: AdminUiConfig) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', ADMIN_UI_CONTENT_SECURITY_POLICY)
  @Header('Cache-Control', 'no-cache')
  index(): string {
    return this.page;
  }

  @Get('admin-ui.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  scriptFile(): string {
    return this.script;
  }

  @Get('admin-ui.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  stylesFile(): string {
    return this.styles;
  }

  /** Deployment settings the script reads at load (the trace link template); nothing secret. */
  @Get('config.json')
  @Header('Cache-Control', 'no-cache')
  configFile(): AdminUiConfig {
    return this.config;
  }
}
