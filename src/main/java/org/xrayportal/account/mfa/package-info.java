/** The TOTP second factor with recovery codes: enrolment, the code step of sign-in (the pending state the filter chain knows as security.PendingSignIn), and the secrets' encryption at rest. */
package org.xrayportal.account.mfa;
