import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';

@Module({
  imports: [PartnersModule],
  providers: [ProgramsRepository, ProgramsService],
  exports: [ProgramsRepository, ProgramsService],
})
export class ProgramsModule {}
