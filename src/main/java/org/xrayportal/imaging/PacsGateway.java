package org.xrayportal.imaging;

import java.util.List;
import java.util.Optional;
import org.xrayportal.shared.PatientIdentity;

/**
 * The portal's one view of the clinic's PACS. Every method is scoped to a patient identity: the gateway returns
 * only objects that the PACS itself confirms belong to that identity (and to the study/series given), compared
 * exactly, never by wildcard. Anything outside that scope is reported as {@link PacsException.Kind#NOT_FOUND}, the
 * same as an object that does not exist. All failures are {@link PacsException}s.
 */
public interface PacsGateway {

    /** The identity's studies in the date range, newest first. An identity with no studies gives an empty list. */
    List<Study> searchStudies(PatientIdentity identity, DateRange dates);

    /**
     * What the PACS holds under this identity, one entry per exact (PatientID, issuer) it has: for an identity with an
     * issuer at most one, without an issuer one per issuer found (never merged). Empty when the PACS has no study of
     * that PatientID.
     */
    List<PacsPatient> findPatients(PatientIdentity identity);

    /** The series of one of the identity's studies, by series number. */
    List<Series> listSeries(PatientIdentity identity, String studyUid);

    /** The instances of a series of one of the identity's studies, by instance number. */
    List<Instance> listInstances(PatientIdentity identity, String studyUid, String seriesUid);

    /** A series of a study with its instances, both in the order of their numbers. */
    record SeriesContents(Series series, List<Instance> instances) {}

    /**
     * Every series of one of the identity's studies with its instances ({@link #listSeries} and {@link #listInstances}
     * of each series, in one answer), as the study page needs them; empty when this PACS cannot answer that in one
     * search (then ask level by level). A study outside the identity is {@link PacsException.Kind#NOT_FOUND}.
     */
    Optional<List<SeriesContents>> studyContents(PatientIdentity identity, String studyUid);

    /** One frame (1-based) of an instance rendered as JPEG or PNG. */
    RenderedImage renderFrame(
            PatientIdentity identity,
            String studyUid,
            String seriesUid,
            String instanceUid,
            int frame,
            RenderOptions options);

    /** A small JPEG of the series' first instance that fits into {@code size}×{@code size} pixels. */
    RenderedImage thumbnail(PatientIdentity identity, String studyUid, String seriesUid, int size);

    /**
     * The text of a structured report of the identity's study ({@link ObjectKind#REPORT}); any other object answers
     * {@link PacsException.Kind#NOT_FOUND}.
     */
    StructuredReport report(PatientIdentity identity, String studyUid, String seriesUid, String instanceUid);

    /**
     * The document of an encapsulated PDF of the identity's study ({@link ObjectKind#PDF}), checked to be a PDF; any
     * other object answers {@link PacsException.Kind#NOT_FOUND}, a PDF the PACS cannot send (or too large to pass
     * through) {@link PacsException.Kind#OBJECT_UNAVAILABLE}.
     */
    byte[] pdf(PatientIdentity identity, String studyUid, String seriesUid, String instanceUid);

    /**
     * Streams the study's original DICOM instances (WADO-RS retrieve) to the handler one by one, without holding the
     * study in memory. Returns the number of instances. A stream that ends early fails with {@link
     * PacsException.Kind#BAD_RESPONSE}, after the handler has seen the complete instances before the break.
     */
    int retrieveStudy(PatientIdentity identity, String studyUid, DicomInstanceHandler handler);
}
