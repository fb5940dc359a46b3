import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerApiKeyEntity } from './partner-api-key.entity';
import { PartnerEntity } from './partner.entity';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

@Module({
  imports: [TypeOrmModule.forFeature([PartnerEntity, PartnerApiKeyEntity])],
  providers: [PartnersRepository, PartnersService],
  exports: [PartnersRepository, PartnersService],
})
export class PartnersModule {}
