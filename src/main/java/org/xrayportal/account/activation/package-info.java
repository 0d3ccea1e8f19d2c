/** Activation codes: staff issue one for a PACS identity and print the letter; the patient turns it into an account linked to that identity (the form is in account.signup). */
package org.xrayportal.account.activation;
