package org.xrayportal.imaging;

/**
 * One image object (SOP instance) of a series; multi-frame instances have {@code numberOfFrames > 1}. The window
 * (first value of WindowCenter/WindowWidth) is the one the image was stored with, {@code null} when the PACS did not
 * say; viewers offer brightness/contrast presets relative to it.
 */
public record Instance(
        String sopInstanceUid,
        String sopClassUid,
        Integer instanceNumber,
        Integer rows,
        Integer columns,
        int numberOfFrames,
        Double windowCenter,
        Double windowWidth) {

    public Instance(
            String sopInstanceUid,
            String sopClassUid,
            Integer instanceNumber,
            Integer rows,
            Integer columns,
            int numberOfFrames) {
        this(sopInstanceUid, sopClassUid, instanceNumber, rows, columns, numberOfFrames, null, null);
    }

    /** An image to view, or a document to list (structured report, PDF, presentation state, header-only object). */
    public ObjectKind kind() {
        return ObjectKind.of(sopClassUid, rows, columns);
    }
}
