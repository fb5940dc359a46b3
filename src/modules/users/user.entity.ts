import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'coordinator', 'ministry', 'partner'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** Roles whose users act in their own name; a `partner` user acts as its partner instead. */
export type StaffRole = Exclude<UserRole, 'partner'>;

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') email!: string;
  @Column('text') passwordHash!: string;
  @Column('text') role!: UserRole;
  @Column({ type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  @Column({ type: 'integer', insert: false }) tokenVersion!: number;
  @Column({ type: 'uuid', nullable: true, insert: false }) keptSessionId!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
