package org.xrayportal.system;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A study's Body Part Examined (0018,0015) in plain words for the page's language: the DICOM PS3.16 CID 4031 defined
 * terms X-rays commonly carry have a message {@code bodyPart.<CODE>} in every bundle ("KNEE" is "Knee", "Rodilla");
 * any other value is shown as written, capitalised ("LEFT_FOOT" is "Left foot"), so nothing is hidden. Templates call
 * it as {@code ${@bodyParts.label(study.bodyPartExamined())}}.
 */
@Component("bodyParts")
public class BodyParts {

    /** A defined term is upper-case letters and digits; anything else cannot name a message. */
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");

    private final MessageSource messages;

    BodyParts(MessageSource messages) {
        this.messages = messages;
    }

    /** The label, or {@code null} without a value (so a template's "not recorded" still applies). */
    public String label(String bodyPartExamined) {
        if (bodyPartExamined == null || bodyPartExamined.isBlank()) {
            return null;
        }
        String value = bodyPartExamined.strip();
        String code = value.toUpperCase(Locale.ROOT);
        if (CODE.matcher(code).matches()) {
            String known = messages.getMessage("bodyPart." + code, null, null, LocaleContextHolder.getLocale());
            if (known != null) {
                return known;
            }
        }
        return capitalised(value);
    }

    /**
     * The labels of several values (a study's image series), each once, joined with commas; {@code null} when none has
     * a value.
     */
    public String labels(List<String> bodyPartsExamined) {
        String joined = bodyPartsExamined.stream()
                .map(this::label)
                .filter(Objects::nonNull)
                .distinct()
                .collect(Collectors.joining(", "));
        return joined.isEmpty() ? null : joined;
    }

    private static String capitalised(String value) {
        String words = value.replace('_', ' ').replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
