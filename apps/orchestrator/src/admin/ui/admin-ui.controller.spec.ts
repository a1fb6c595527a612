import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import helmet from 'helmet';
import request from 'supertest';
import { ADMIN_UI_CONTENT_SECURITY_POLICY } from './admin-ui.controller';
import { AdminUiModule } from './admin-ui.module';

const TRACE_URL = 'http://jaeger:16686/trace/{traceId}';

describe('AdminUiController', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    process.env.ADMIN_UI_TRACE_URL = TRACE_URL;
    const moduleRef = await Test.createTestingModule({ imports: [AdminUiModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(helmet()); // as the platform bootstrap does
    await app.init();
  });

  afterAll(async () => {
    delete process.env.ADMIN_UI_TRACE_URL;
    await app.close();
  });

  it('serves the page without a token, under its own strict policy', async () => {
    for (const path of ['/admin/ui', '/admin/ui/']) {
      const response = await http().get(path).expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe(ADMIN_UI_CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.text).toContain('<script type="module" src="/admin/ui/admin-ui.js"></script>');
    }
  });

  it('allows only same-origin scripts, styles and requests, and nothing inline', () => {
    const directives = new Map(
      ADMIN_UI_CONTENT_SECURITY_POLICY.split('; ').map((directive) => {
        const [name, ...values] = directive.split(' ');
        return [name, values.join(' ')];
      }),
    );
    expect(directives.get('default-src')).toBe("'none'");
    for (const name of ['script-src', 'style-src', 'connect-src'])
      expect(directives.get(name)).toBe("'self'");
    expect(ADMIN_UI_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:/);
  });

  it('serves every asset the page links to, with its type, byte for byte', async () => {
    const page = (await http().get('/admin/ui').expect(200)).text;
    const linked = [...page.matchAll(/(?:src|href)="(\/admin\/ui\/[^"]+)"/g)].map((match) => match[1]);
    expect(linked.sort()).toEqual(['/admin/ui/admin-ui.css', '/admin/ui/admin-ui.js']);

    const script = await http().get('/admin/ui/admin-ui.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toBe(readFileSync(join(__dirname, 'admin-ui.js'), 'utf8'));
    const styles = await http().get('/admin/ui/admin-ui.css').expect(200);
    expect(styles.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(styles.text).toBe(readFileSync(join(__dirname, 'admin-ui.css'), 'utf8'));
  });

  it('serves the trace link template from ADMIN_UI_TRACE_URL as config.json, without a token', async () => {
    const response = await http().get('/admin/ui/config.json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ traceUrl: TRACE_URL });
  });

  it('refuses to start with a trace link template that is not an http(s) URL holding {traceId}', async () => {
    process.env.ADMIN_UI_TRACE_URL = 'http://jaeger:16686/trace/';
    try {
      await expect(Test.createTestingModule({ imports: [AdminUiModule] }).compile()).rejects.toThrow(
        'ADMIN_UI_TRACE_URL: must contain {traceId}',
      );
    } finally {
      process.env.ADMIN_UI_TRACE_URL = TRACE_URL;
    }
  });

  it('answers the same bytes to repeated requests', async () => {
    const [first, second] = await Promise.all([http().get('/admin/ui'), http().get('/admin/ui')]);
    expect(second.text).toBe(first.text);
  });

  it('serves nothing else from its folder, however the path is spelled', async () => {
    for (const path of [
      '/admin/ui/index.html',
      '/admin/ui/admin-ui.controller.ts',
      '/admin/ui/..%2f..%2f..%2f..%2f..%2fpackage.json',
      '/admin/ui/%2e%2e/admin-ui.module.ts',
      `/admin/ui/${'a'.repeat(10_000)}.js`,
    ]) {
      await http().get(path).expect(404);
    }
    await http().post('/admin/ui').send({}).expect(404);
  });

  it('leaves the default policy of every other route alone', async () => {
    const response = await http().get('/admin/sagas').expect(404);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(response.headers['content-security-policy']).not.toBe(ADMIN_UI_CONTENT_SECURITY_POLICY);
  });
});
