package org.xrayportal.imaging;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where DICOM JSON (PS3.18 F.2) is read: an array of objects keyed by 8-hex-digit tags, each with a
 * {@code vr} and an optional {@code Value} array; person names as {@code {"Alphabetic": ...}}. Anything that does not
 * have this shape is a {@link PacsException.Kind#BAD_RESPONSE}.
 */
final class DicomJson {

    static final String SPECIFIC_CHARACTER_SET = "00080005";
    static final String SOP_CLASS_UID = "00080016";
    static final String SOP_INSTANCE_UID = "00080018";
    static final String STUDY_DATE = "00080020";
    static final String STUDY_TIME = "00080030";
    static final String ACCESSION_NUMBER = "00080050";
    static final String MODALITY = "00080060";
    static final String MODALITIES_IN_STUDY = "00080061";
    static final String REFERRING_PHYSICIAN_NAME = "00080090";
    static final String STUDY_DESCRIPTION = "00081030";
    static final String SERIES_DESCRIPTION = "0008103E";
    static final String PATIENT_NAME = "00100010";
    static final String PATIENT_ID = "00100020";
    static final String ISSUER_OF_PATIENT_ID = "00100021";
    static final String PATIENT_BIRTH_DATE = "00100030";
    static final String PATIENT_SEX = "00100040";
    static final String BODY_PART_EXAMINED = "00180015";
    static final String STUDY_INSTANCE_UID = "0020000D";
    static final String SERIES_INSTANCE_UID = "0020000E";
    static final String SERIES_NUMBER = "00200011";
    static final String INSTANCE_NUMBER = "00200013";
    static final String NUMBER_OF_STUDY_RELATED_SERIES = "00201206";
    static final String NUMBER_OF_STUDY_RELATED_INSTANCES = "00201208";
    static final String NUMBER_OF_SERIES_RELATED_INSTANCES = "00201209";
    static final String NUMBER_OF_FRAMES = "00280008";
    static final String ROWS = "00280010";
    static final String COLUMNS = "00280011";
    static final String WINDOW_CENTER = "00281050";
    static final String WINDOW_WIDTH = "00281051";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private DicomJson() {}

    /** A date and how much of it was recorded. */
    record PartialDate(LocalDate start, DatePrecision precision) {}

    /** One dataset of a QIDO response. */
    record Dataset(JsonNode node) {

        String string(String tag) {
            JsonNode first = firstValue(tag);
            if (first == null || first.isNull()) {
                return null;
            }
            if (first.isObject()) {
                // Person name: the alphabetic representation, else the ideographic (a Japanese or Chinese name may be
                // recorded only in kanji/hanzi), else the phonetic one.
                for (String group : List.of("Alphabetic", "Ideographic", "Phonetic")) {
                    JsonNode name = first.get(group);
                    if (name != null && name.isString() && !name.stringValue().isBlank()) {
                        return name.stringValue().strip();
                    }
                }
                return null;
            }
            if (!first.isString() && !first.isNumber()) {
                throw PacsException.badResponse("DICOM JSON value of " + tag + " is neither text nor number");
            }
            String s = first.asString().strip();
            return s.isEmpty() ? null : s;
        }

        List<String> strings(String tag) {
            JsonNode values = values(tag);
            List<String> result = new ArrayList<>();
            if (values != null) {
                for (JsonNode v : values) {
                    if (v.isString() && !v.stringValue().isBlank()) {
                        result.add(v.stringValue().strip());
                    }
                }
            }
            return result;
        }

        Integer integer(String tag) {
            JsonNode first = firstValue(tag);
            if (first == null || first.isNull()) {
                return null;
            }
            if (first.isNumber()) {
                return first.asInt();
            }
            String s = first.isString() ? first.stringValue().strip() : "";
            try {
                return s.isEmpty() ? null : Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw PacsException.badResponse("DICOM JSON value of " + tag + " is not an integer", e);
            }
        }

        /** The first value of a DS attribute (sent as a JSON number or a string); {@code null} if absent or odd. */
        Double decimal(String tag) {
            String s = string(tag);
            if (s == null) {
                return null;
            }
            try {
                double value = Double.parseDouble(s.strip());
                return Double.isFinite(value) ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        int count(String tag) {
            Integer value = integer(tag);
            return value == null ? 0 : value;
        }

        LocalDate date(String tag) {
            PartialDate date = partialDate(tag);
            return date == null ? null : date.start();
        }

        /**
         * A DA value as archives really hold them: {@code YYYYMMDD}, the ACR-NEMA form {@code YYYY.MM.DD}, or only
         * {@code YYYYMM} / {@code YYYY}. Anything else (malformed, impossible) is "no date", not an error.
         */
        PartialDate partialDate(String tag) {
            String s = string(tag);
            if (s == null) {
                return null;
            }
            String digits = s.length() == 10 && s.charAt(4) == '.' && s.charAt(7) == '.' ? s.replace(".", "") : s;
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            try {
                return switch (digits.length()) {
                    case 8 -> new PartialDate(LocalDate.parse(digits, DA), DatePrecision.DAY);
                    case 6 -> new PartialDate(LocalDate.parse(digits + "01", DA), DatePrecision.MONTH);
                    case 4 -> new PartialDate(LocalDate.parse(digits + "0101", DA), DatePrecision.YEAR);
                    default -> null;
                };
            } catch (DateTimeParseException e) {
                return null; // a malformed date is shown as "not recorded", not as an error
            }
        }

        LocalTime time(String tag) {
            String s = string(tag);
            if (s == null || s.length() < 2) {
                return null;
            }
            try {
                String digits = s.replace(":", "");
                int hour = Integer.parseInt(digits.substring(0, 2));
                int minute = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
                int second = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
                return LocalTime.of(hour, minute, second);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private JsonNode values(String tag) {
            JsonNode attribute = node.get(tag);
            if (attribute == null || attribute.isNull()) {
                return null;
            }
            if (!attribute.isObject()) {
                throw PacsException.badResponse("DICOM JSON attribute " + tag + " is not an object");
            }
            JsonNode values = attribute.get("Value");
            if (values == null || values.isNull()) {
                return null;
            }
            if (!values.isArray()) {
                throw PacsException.badResponse("DICOM JSON Value of " + tag + " is not an array");
            }
            return values;
        }

        private JsonNode firstValue(String tag) {
            JsonNode values = values(tag);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Parses a QIDO response body; an empty body (HTTP 204) is an empty result. */
    static List<Dataset> parse(byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw PacsException.badResponse("malformed DICOM JSON", e);
        }
        if (root == null || !root.isArray()) {
            throw PacsException.badResponse("DICOM JSON response is not an array");
        }
        List<Dataset> result = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            if (!item.isObject()) {
                throw PacsException.badResponse("DICOM JSON dataset is not an object");
            }
            result.add(new Dataset(item));
        }
        return result;
    }

    static Study study(Dataset d) {
        PartialDate date = d.partialDate(STUDY_DATE);
        return new Study(
                d.string(STUDY_INSTANCE_UID),
                d.string(PATIENT_ID),
                d.string(ISSUER_OF_PATIENT_ID),
                d.string(PATIENT_NAME),
                date == null ? null : date.start(),
                d.time(STUDY_TIME),
                d.string(STUDY_DESCRIPTION),
                d.strings(MODALITIES_IN_STUDY),
                d.string(BODY_PART_EXAMINED),
                d.string(ACCESSION_NUMBER),
                d.string(REFERRING_PHYSICIAN_NAME),
                d.count(NUMBER_OF_STUDY_RELATED_SERIES),
                d.count(NUMBER_OF_STUDY_RELATED_INSTANCES),
                date == null ? null : date.precision(),
                d.date(PATIENT_BIRTH_DATE));
    }

    static Series series(Dataset d) {
        return new Series(
                d.string(SERIES_INSTANCE_UID),
                d.integer(SERIES_NUMBER),
                d.string(MODALITY),
                d.string(SERIES_DESCRIPTION),
                d.string(BODY_PART_EXAMINED),
                d.count(NUMBER_OF_SERIES_RELATED_INSTANCES));
    }

    static Instance instance(Dataset d) {
        Integer frames = d.integer(NUMBER_OF_FRAMES);
        return new Instance(
                d.string(SOP_INSTANCE_UID),
                d.string(SOP_CLASS_UID),
                d.integer(INSTANCE_NUMBER),
                d.integer(ROWS),
                d.integer(COLUMNS),
                frames == null || frames < 1 ? 1 : frames,
                d.decimal(WINDOW_CENTER),
                d.decimal(WINDOW_WIDTH));
    }
}
