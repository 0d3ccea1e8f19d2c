/** Where a person is signed in: the sessions page, signing out elsewhere, and ending sessions after a password change or when an account is disabled. */
package org.xrayportal.account.sessions;
