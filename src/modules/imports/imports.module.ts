import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { RosterMergeRepository } from './merge/roster-merge.repository';
import { RosterImportRunner } from './roster-import.runner';
import { RosterSource } from './roster-source';

@Module({
  imports: [PartnersModule],
  providers: [
    ImportsRepository,
    ImportsService,
    RosterMergeRepository,
    RosterSource,
    RosterImportRunner,
  ],
  exports: [ImportsRepository, ImportsService, RosterImportRunner],
})
export class ImportsModule {}
