package org.xrayportal.sharing;

import org.springframework.stereotype.Component;

/**
 * Whether the study page offers "Share with your doctor" (templates: {@code @sharingOffer.shown()}): not while the
 * clinic has turned sharing off. A template reads it so the viewer module needs no dependency on sharing; the form
 * itself refuses too, hiding the entry is not the protection.
 */
@Component("sharingOffer")
class SharingOffer {

    private final SharingSettingsStore settings;

    SharingOffer(SharingSettingsStore settings) {
        this.settings = settings;
    }

    /** Public: templates call it through SpEL, which finds public methods only. */
    public boolean shown() {
        return settings.current().enabled();
    }
}
