package org.xrayportal.sharing;

/** What the recipient of a share enters besides the link (the clinic's choice, {@code portal.sharing.second-factor}). */
enum SecondFactor {
    /** A passcode the portal generates and shows the patient once. */
    PASSCODE,
    /** The patient's birth date, as the clinic verified it. */
    BIRTH_DATE
}
