import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('certifications')
export class CertificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('uuid') traineeId!: string;
  @Column('uuid') programId!: string;
  @Column('uuid') partnerId!: string;
  @Column('text') name!: string;
  @Column('text') certificateNumber!: string;
  @Column('date') issuedOn!: string;
  @Column({ type: 'date', nullable: true }) expiresOn!: string | null;
  @Column('text') verificationCode!: string;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
