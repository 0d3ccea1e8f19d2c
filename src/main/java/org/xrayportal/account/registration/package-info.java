/** Self-registration with email verification, the status page of a patient waiting for staff, and the staff queue that links or rejects registered patients. */
package org.xrayportal.account.registration;
