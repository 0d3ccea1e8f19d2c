/** Self-registration (the form is in account.signup) with email verification, the status page of a patient waiting for staff, and the staff queue that links or rejects registered patients. */
package org.xrayportal.account.registration;
