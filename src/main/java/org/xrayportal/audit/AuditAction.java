package org.xrayportal.audit;

/**
 * What happened. Codes follow DICOM PS3.15 A.5 (Audit Trail Message Format Profile, code system "DCM") where one
 * exists; the portal's own workflow actions use the code system {@value CodeSystems#PORTAL}.
 */
public enum AuditAction {
    SIGN_IN("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    SIGN_IN_FAILED("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    SIGN_OUT("110114", CodeSystems.DCM, "User Authentication", "110123", "Logout"),
    VIEW("110103", CodeSystems.DCM, "DICOM Instances Accessed", null, null),
    EXPORT("110106", CodeSystems.DCM, "Export", null, null),
    QUERY("110112", CodeSystems.DCM, "Query", null, null),
    AUDIT_LOG_USED("110101", CodeSystems.DCM, "Audit Log Used", null, null),
    // Accounts (issue 4). Second-factor checks are authentication events like the password check.
    MFA_VERIFIED("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    MFA_FAILED("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    PASSWORD_CHANGED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    PASSWORD_RESET("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    PASSWORD_RESET_REQUESTED("password-reset-requested", CodeSystems.PORTAL, "Password reset requested", null, null),
    ACCOUNT_LOCKED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    ACCOUNT_UNLOCKED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    ACCOUNT_DISABLED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    ACCOUNT_ENABLED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    ACCOUNT_CREATED("account-created", CodeSystems.PORTAL, "Account created", null, null),
    ACTIVATION_CODE_ISSUED("activation-code-issued", CodeSystems.PORTAL, "Activation code issued", null, null),
    ACCOUNT_ACTIVATED("account-activated", CodeSystems.PORTAL, "Account activated", null, null),
    ACTIVATION_FAILED("activation-failed", CodeSystems.PORTAL, "Activation failed", null, null),
    ACCOUNT_REGISTERED("account-registered", CodeSystems.PORTAL, "Account registered", null, null),
    EMAIL_VERIFIED("email-verified", CodeSystems.PORTAL, "Email address verified", null, null),
    IDENTITY_LINKED("identity-linked", CodeSystems.PORTAL, "Identity linked", null, null),
    IDENTITY_REJECTED("identity-rejected", CodeSystems.PORTAL, "Identity rejected", null, null),
    // Identity checks (issue 10): a study withheld for its birth date, "not my images", staff resolving an alert.
    IDENTITY_MISMATCH("identity-mismatch", CodeSystems.PORTAL, "Study withheld: identity mismatch", null, null),
    IMAGES_DISPUTED("images-disputed", CodeSystems.PORTAL, "Patient reported images not theirs", null, null),
    IDENTITY_ALERT_RESOLVED("identity-alert-resolved", CodeSystems.PORTAL, "Identity alert resolved", null, null),
    MFA_ENROLLED("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    MFA_RESET("110137", CodeSystems.DCM, "User Security Attributes Changed", null, null),
    SESSIONS_REVOKED("sessions-revoked", CodeSystems.PORTAL, "Other sessions signed out", null, null),
    CONSENT_GIVEN("consent-given", CodeSystems.PORTAL, "Consent given", null, null),
    CONSENT_WITHDRAWN("consent-withdrawn", CodeSystems.PORTAL, "Consent withdrawn", null, null),
    CONSENT_PUBLISHED("consent-published", CodeSystems.PORTAL, "Consent document published", null, null),
    // The notice beside images and the help page, versioned per language like the terms (issue 16).
    CLINIC_TEXT_PUBLISHED(
            "clinic-text-published", CodeSystems.PORTAL, "Patient information text published", null, null),
    // The clinic's sharing controls changed by an admin (issue 19): a change of the portal's security configuration.
    SHARING_SETTINGS_CHANGED("110113", CodeSystems.DCM, "Security Alert", "110129", "Security Configuration"),
    ACCESS_REQUESTED("access-requested", CodeSystems.PORTAL, "Access requested", null, null),
    ACCESS_REQUEST_WITHDRAWN("access-request-withdrawn", CodeSystems.PORTAL, "Access request withdrawn", null, null),
    ACCESS_REQUEST_EXTENDED(
            "access-request-extended", CodeSystems.PORTAL, "Access request deadline extended", null, null),
    ACCESS_APPROVED("access-approved", CodeSystems.PORTAL, "Access request approved", null, null),
    ACCESS_DENIED("access-denied", CodeSystems.PORTAL, "Access request denied", null, null),
    ACCESS_GRANT_REVOKED("access-grant-revoked", CodeSystems.PORTAL, "Access grant revoked", null, null),
    // Shares with an outside clinician (issue 19): creating a share discloses the studies (Export), the recipient's
    // passcode is an authentication, the recipient's views and downloads are instance access and export.
    SHARE_CREATED("110106", CodeSystems.DCM, "Export", null, null),
    SHARE_REVOKED("share-revoked", CodeSystems.PORTAL, "Share revoked", null, null),
    SHARE_OPENED("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    SHARE_PASSCODE_FAILED("110114", CodeSystems.DCM, "User Authentication", "110122", "Login"),
    SHARE_VIEWED("110103", CodeSystems.DCM, "DICOM Instances Accessed", null, null),
    SHARE_DOWNLOADED("110106", CodeSystems.DCM, "Export", null, null),
    // A new passcode for a share (or a birth-date share unlocked): its security attributes changed.
    SHARE_PASSCODE_RENEWED("110113", CodeSystems.DCM, "Security Alert", "110135", "Object Security Attributes Changed"),
    CONSULTATION_REQUESTED("consultation-requested", CodeSystems.PORTAL, "Consultation requested", null, null),
    CONSULTATION_ANSWERED("consultation-answered", CodeSystems.PORTAL, "Consultation answered", null, null);

    /** Holder, because enum constants cannot refer to the enum's own static fields. */
    static final class CodeSystems {
        static final String DCM = "DCM";
        static final String PORTAL = "urn:xrayportal:audit";

        private CodeSystems() {}
    }

    private final String code;
    private final String codeSystem;
    private final String display;
    private final String typeCode;
    private final String typeDisplay;

    AuditAction(String code, String codeSystem, String display, String typeCode, String typeDisplay) {
        this.code = code;
        this.codeSystem = codeSystem;
        this.display = display;
        this.typeCode = typeCode;
        this.typeDisplay = typeDisplay;
    }

    /** EventID code, e.g. 110114. */
    public String code() {
        return code;
    }

    public String codeSystem() {
        return codeSystem;
    }

    /** EventID display name in words, e.g. "User Authentication". */
    public String display() {
        return display;
    }

    /** EventTypeCode, e.g. 110122 Login; {@code null} when the action has none. */
    public String typeCode() {
        return typeCode;
    }

    public String typeDisplay() {
        return typeDisplay;
    }
}
