/**
 * Creating a patient account: one page and one path for both ways, an activation code from the clinic or
 * self-registration.
 */
package org.xrayportal.account.signup;
