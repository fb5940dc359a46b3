import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Identity only: contacts (email, phone) are kept per supplying partner in trainee_contacts. */
@Entity('trainees')
export class TraineeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') cnic!: string;
  @Column('text') fullName!: string;
  @Column('text') gender!: string;
  @Column({ type: 'date', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', nullable: true }) province!: string | null;
  @Column({ type: 'text', nullable: true }) district!: string | null;
  @Column('text') category!: string;
  @Column({ type: 'uuid', nullable: true, update: false }) createdByUserId!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
