/** The identity link of a patient account to a PACS identity, the check against the PACS's demographics before any link, and the identity alerts staff work. */
package org.xrayportal.account.identity;
