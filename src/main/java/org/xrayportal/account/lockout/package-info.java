/** Brute-force protection of sign-in, the current-password check, second-factor codes and activation guesses, shared by all nodes through PostgreSQL. */
package org.xrayportal.account.lockout;
