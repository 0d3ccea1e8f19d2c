package org.xrayportal.sharing;

/** The admin's form for the sharing controls; each value one of the choices offered (else a form error). */
record SharingSettingsForm(Boolean enabled, String maxExpiry, String download, String secondFactor) {

    SharingSettingsForm {
        enabled = enabled != null && enabled;
    }

    static SharingSettingsForm of(SharingSettings settings) {
        return new SharingSettingsForm(
                settings.enabled(),
                Expiry.closest(settings.maxExpiry(), SharingProperties.LONGEST_EXPIRY)
                        .id(),
                settings.download().name(),
                settings.secondFactor().name());
    }
}
