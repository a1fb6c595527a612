import { Module } from '@nestjs/common';
import { ADMIN_UI_CONFIG, adminUiConfigFromEnv } from './admin-ui-config';
import { AdminUiController } from './admin-ui.controller';

/** The operator console's static files at `/admin/ui`, and the little it needs to know (`config.json`). */
@Module({
  controllers: [AdminUiController],
  providers: [{ provide: ADMIN_UI_CONFIG, useFactory: () => adminUiConfigFromEnv() }],
})
export class AdminUiModule {}
