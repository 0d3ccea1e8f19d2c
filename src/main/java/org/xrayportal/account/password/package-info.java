/** Passwords: the NIST 800-63B policy, Argon2id hashing, change and reset, and the one form with which a patient creates an account (activation or registration). */
package org.xrayportal.account.password;
