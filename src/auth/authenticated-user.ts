import type { UserRole } from './user.entity';

/** Who is calling, as carried by the access token. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
}
