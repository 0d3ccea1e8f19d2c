package org.xrayportal.sharing;

import java.util.Locale;

/** The kind of device a share was opened on, from the User-Agent: all the patient needs to recognise an access. */
enum Device {
    PHONE,
    TABLET,
    COMPUTER,
    UNKNOWN;

    static Device of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("ipad") || ua.contains("tablet") || (ua.contains("android") && !ua.contains("mobile"))) {
            return TABLET;
        }
        if (ua.contains("mobile") || ua.contains("iphone") || ua.contains("android")) {
            return PHONE;
        }
        return COMPUTER;
    }
}
