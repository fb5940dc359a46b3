import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { ImportEntity } from './import.entity';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { RosterMergeRepository } from './merge/roster-merge.repository';
import { RosterImportRunner } from './roster-import.runner';
import { RosterSource } from './roster-source';

@Module({
  imports: [TypeOrmModule.forFeature([ImportEntity]), PartnersModule],
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
