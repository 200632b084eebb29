/** Types and Asia/Tokyo date helpers of the seat pages (UTC+9, no daylight saving). */

export interface HourSlot {
  hour: string;
  from: string;
  to: string;
  booked: number;
  free: number;
}

export interface Availability {
  workspaceId: string;
  date: string;
  seats: number;
  childcare: boolean;
  open: { opens: string; closes: string }[];
  hours: HourSlot[];
}

export interface SeatBooking {
  id: string;
  workspaceId: string;
  workspaceName: string;
  userId: string;
  date: string;
  from: string;
  to: string;
  startsAt: string;
  endsAt: string;
  childcare: boolean;
  childcareChildren: number | null;
  childcareNote: string;
  status: 'booked' | 'cancelled';
}

export interface DayView extends Omit<Availability, 'hours'> {
  workspaceName: string;
  hours: (HourSlot & { people: string[] })[];
  bookings: {
    id: string;
    userId: string;
    displayName: string;
    from: string;
    to: string;
    childcare: boolean;
    childcareChildren: number | null;
    childcareNote: string;
  }[];
  childcareRequests: number;
}

/** A Tokyo date (YYYY-MM-DD), `addDays` from today. */
export function tokyoDay(addDays = 0, now = Date.now()): string {
  return new Date(now + 9 * 3_600_000 + addDays * 86_400_000).toISOString().slice(0, 10);
}

/** The instant of a Tokyo date and HH:MM, with its +09:00 offset, as the API takes it. */
export const tokyoInstant = (date: string, hhmm: string) => `${date}T${hhmm}:00+09:00`;
