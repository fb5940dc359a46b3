import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('partner_api_keys')
export class PartnerApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('uuid') partnerId!: string;
  @Column('text') prefix!: string;
  /** SHA-256 of the whole key: keys carry 192 bits of randomness, so a fast hash is enough. */
  @Column('text') keyHash!: string;
  @Column({ type: 'text', nullable: true }) label!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
