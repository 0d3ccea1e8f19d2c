/** What admins do to accounts (invite staff and admins, unlock, disable, reset a second factor) and the first admin from configuration. */
package org.xrayportal.account.admin;
