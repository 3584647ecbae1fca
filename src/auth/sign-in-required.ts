/** Thrown by the global guard when a console page needs someone signed in: the console's filter answers 303 to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('Sign in to continue');
  }
}
