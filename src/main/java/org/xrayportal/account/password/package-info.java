/** Passwords: the NIST 800-63B policy, Argon2id hashing, change by their owner, and reset by an emailed link. */
package org.xrayportal.account.password;
