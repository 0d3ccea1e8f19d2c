package org.xrayportal.imaging;

import java.util.regex.Pattern;

/** The syntax of a DICOM UID (PS3.5 9.1): digits and dots, at most 64 characters. Checked before any PACS call. */
public final class DicomUid {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_LENGTH = 64;

    private DicomUid() {}

    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= MAX_LENGTH && UID.matcher(uid).matches();
    }
}
