import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { TraineesModule } from '../trainees/trainees.module';
import { IdentityConflictsRepository } from './identity-conflicts.repository';
import { IdentityConflictsService } from './identity-conflicts.service';

@Module({
  imports: [PartnersModule, TraineesModule],
  providers: [IdentityConflictsRepository, IdentityConflictsService],
  exports: [IdentityConflictsService],
})
export class IdentityConflictsModule {}
