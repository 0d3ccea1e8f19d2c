package org.xrayportal.support;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.xrayportal.imaging.demo.DemoSeeder;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.XrayPhantom.BodyPart;

/**
 * Synthetic one-image studies for a chosen PatientID, issuer, name and birth date, written to the test Orthanc: the
 * identity tests need patients the demo set does not have (hostile identifiers, a second birth date, a late first
 * study). Study UIDs are derived from {@code key}, so seeding the same key twice is harmless.
 */
public final class IdentityStudies {

    private IdentityStudies() {}

    /** A patient as the PACS holds it; {@code issuer} may be {@code ""} for none. */
    public static DemoStudies.Patient patient(String patientId, String issuer, String name, LocalDate birthDate) {
        return new DemoStudies.Patient(patientId, issuer, name, birthDate, "F");
    }

    /** Stores one study (one series, one small image) and returns its StudyInstanceUID. */
    public static String store(URI dicomWebUrl, String key, DemoStudies.Patient patient, LocalDate studyDate) {
        return storeStudy(dicomWebUrl, key, patient, studyDate).studyInstanceUid();
    }

    /** Stores one study (one series, one small image) and returns it (series and instance UIDs for requests). */
    public static DemoStudies.Study storeStudy(
            URI dicomWebUrl, String key, DemoStudies.Patient patient, LocalDate studyDate) {
        var study = new DemoStudies.Study(
                "identity-" + key,
                patient,
                studyDate,
                LocalTime.of(10, 0),
                "Hand " + key,
                "ID" + Math.abs(key.hashCode() % 100000),
                "Doe^Jane",
                List.of(new DemoStudies.Series(1, "CR", BodyPart.HAND, "PA", "Hand PA", 8, false, 1, 1)));
        new DemoSeeder(dicomWebUrl).seed(List.of(study));
        return study;
    }
}
