package org.xrayportal.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.xrayportal.system.DisplayTime;

/**
 * An audit event's details in the console's words: each key by its label from the message bundles ({@code
 * audit.detail.<key>}: "Expires", not {@code expiresAt}), and values as people read them: a stored instant in the
 * reader's zone ({@link DisplayTime}), true/false as yes/no, a duration in hours or days, and a coded value the portal
 * writes (a scope, method, reason, phase...) by its label ({@code audit.detail.value.<key>.<value>}: "All studies", not
 * {@code ALL_STUDIES}). A key or value the portal does not know is shown as stored, so nothing recorded is hidden. The
 * stored row and the exports never change (append-only); this is only how the console writes it. Templates call it as
 * {@code ${@auditDetails.label(key)}} and {@code ${@auditDetails.value(key, value)}}.
 */
@Component("auditDetails")
public class AuditDetails {

    /** A detail key is letters only; anything else cannot name a message. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z]{1,40}");

    /** An ISO-8601 instant as {@code Instant.toString()} writes it (the only form details store times in). */
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

    private static final Pattern DURATION = Pattern.compile("PT\\d+H");

    /** A coded value (an enum name or a kebab-case code) that may name a message; free text never does. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

    private final MessageSource messages;
    private final DisplayTime displayTime;

    AuditDetails(MessageSource messages, DisplayTime displayTime) {
        this.messages = messages;
        this.displayTime = displayTime;
    }

    /** The label of a detail key in the page's language, or the key itself when it has none. */
    public String label(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return key;
        }
        return messages.getMessage("audit.detail." + key, null, key, LocaleContextHolder.getLocale());
    }

    /** A detail value of this key as people read it; anything not recognised as written. */
    public String value(String key, String value) {
        if (value == null) {
            return null;
        }
        if (key != null && KEY.matcher(key).matches() && CODE.matcher(value).matches()) {
            String label = messages.getMessage(
                    "audit.detail.value." + key + "." + value, null, null, LocaleContextHolder.getLocale());
            if (label != null) {
                return label;
            }
        }
        if (value.equals("true") || value.equals("false")) {
            return message("audit.detail.value." + value);
        }
        if (INSTANT.matcher(value).matches()) {
            try {
                return displayTime.dateTime(Instant.parse(value));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        if (DURATION.matcher(value).matches()) {
            long hours = Duration.parse(value).toHours();
            return hours % 24 == 0
                    ? message("audit.detail.value.days", hours / 24)
                    : message("audit.detail.value.hours", hours);
        }
        return value;
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
