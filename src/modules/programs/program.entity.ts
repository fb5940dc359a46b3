import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('programs')
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('uuid') partnerId!: string;
  @Column('integer') targetTrainees!: number;
  @Column('text', { array: true }) tracks!: string[];
  @Column('date') startsOn!: string;
  @Column('date') endsOn!: string;
  @Column('text') status!: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
