import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { ProgramTargetEntity } from './program-target.entity';
import { ProgramEntity } from './program.entity';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProgramEntity, ProgramTargetEntity]), PartnersModule],
  providers: [ProgramsRepository, ProgramsService],
  exports: [ProgramsRepository, ProgramsService],
})
export class ProgramsModule {}
