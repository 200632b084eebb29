import type { ColumnType, Generated } from 'kysely';

/** Row types of the seats context's tables (its SQL migration, 0009_seats.sql, is the source of truth). */
export interface SeatBookingsTable {
  tenant_id: string;
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  childcare: Generated<boolean>;
  childcare_children: number | null;
  childcare_note: Generated<string>;
  status: Generated<'booked' | 'cancelled'>;
  created_at: ColumnType<Date, never, never>;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SeatsTables {
  seat_bookings: SeatBookingsTable;
}
