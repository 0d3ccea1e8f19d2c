package org.xrayportal.security;

/** Where each role lands after signing in. */
public final class HomePages {

    private HomePages() {}

    public static String of(Role role) {
        return switch (role) {
            case PATIENT -> "/patient";
            case STAFF -> "/staff";
            case ADMIN -> "/admin";
        };
    }
}
