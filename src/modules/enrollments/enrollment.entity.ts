import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('enrollments')
export class EnrollmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('uuid') traineeId!: string;
  @Column('uuid') programId!: string;
  @Column('uuid') cohortId!: string;
  /** Denormalised from the program so partner scoping never needs a join. */
  @Column('uuid') partnerId!: string;
  @Column({ type: 'text', nullable: true }) externalId!: string | null;
  @Column('text') status!: string;
  @Column('smallint') progressPct!: number;
  @Column('date') enrolledOn!: string;
  @Column({ type: 'date', nullable: true }) completedOn!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
