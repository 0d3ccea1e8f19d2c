/** Signing in with a password: the user-details adapter, the throttled password check, and the audit of sign-in, failed sign-in and sign-out (the filter chain's handlers). */
package org.xrayportal.account.signin;
