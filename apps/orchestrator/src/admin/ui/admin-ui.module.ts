import { Module } from '@nestjs/common';
import { AdminUiController } from './admin-ui.controller';

/** The operator console's static files at `/admin/ui`. */
@Module({ controllers: [AdminUiController] })
export class AdminUiModule {}
