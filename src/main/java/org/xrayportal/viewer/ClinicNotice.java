package org.xrayportal.viewer;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.consent.ClinicTextService;

/**
 * The notice beside images for the page being rendered (issue 16): the newest published version in the page's
 * language, English when there is none. Looked up once per request, so that the version a view event records is the
 * version the page shows even if an admin publishes meanwhile. Templates call it as {@code ${@clinicNotice.shown()}}.
 */
@Component("clinicNotice")
class ClinicNotice {

    private static final String SHOWN = ClinicNotice.class.getName() + ".shown";

    private final ClinicTextService texts;

    ClinicNotice(ClinicTextService texts) {
        this.texts = texts;
    }

    public ClinicText shown() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null
                && request.getAttribute(SHOWN, RequestAttributes.SCOPE_REQUEST) instanceof ClinicText text) {
            return text;
        }
        ClinicText text = texts.current(ClinicText.Kind.NOTICE, LocaleContextHolder.getLocale());
        if (request != null) {
            request.setAttribute(SHOWN, text, RequestAttributes.SCOPE_REQUEST);
        }
        return text;
    }
}
