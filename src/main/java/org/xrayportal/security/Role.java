package org.xrayportal.security;

/** One role per account (DESIGN.md section 2). */
public enum Role {
    PATIENT,
    STAFF,
    ADMIN;

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
