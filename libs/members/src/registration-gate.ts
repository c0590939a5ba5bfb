import { Injectable } from '@nestjs/common';

/** An invitation a registration was admitted with (claimed: nobody else can use it). */
export interface Admission {
  invitationId: string;
  /** The address the invitation was sent to (normalised). */
  email: string;
  themeId: string | null;
}

/**
 * What registration asks of invitations, which live in a domain after members (themes): the themes domain
 * provides it (InvitationsService) and plugs it in at start through RegistrationGates.
 */
export interface RegistrationGate {
  /** Takes the invitation for this registration, or throws a coded error (used, expired, revoked, unknown). */
  claim(token: string): Promise<Admission>;
  /** The registration failed after the claim (the address was taken): the invitation is pending again. */
  release(admission: Admission): Promise<void>;
  /** The account exists: the invitation is recorded as theirs and takes effect (the theme is followed). */
  admitted(admission: Admission, memberId: string): Promise<void>;
}

/** Where the invitations domain plugs its gate in; without one, an invitation token is refused. */
@Injectable()
export class RegistrationGates {
  private gate: RegistrationGate | null = null;

  use(gate: RegistrationGate): void {
    this.gate = gate;
  }

  get current(): RegistrationGate | null {
    return this.gate;
  }
}
