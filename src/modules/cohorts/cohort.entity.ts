import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('cohorts')
export class CohortEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') code!: string;
  @Column('uuid') programId!: string;
  @Column('text') name!: string;
  @Column('text') track!: string;
  @Column({ type: 'text', nullable: true }) trainingCentre!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ type: 'text', nullable: true }) province!: string | null;
  @Column('text') mode!: string;
  @Column({ type: 'date', nullable: true }) startsOn!: string | null;
  @Column({ type: 'date', nullable: true }) endsOn!: string | null;
  @Column({ type: 'integer', nullable: true }) capacity!: number | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
