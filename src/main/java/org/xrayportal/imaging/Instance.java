package org.xrayportal.imaging;

/** One image object (SOP instance) of a series; multi-frame instances have {@code numberOfFrames > 1}. */
public record Instance(
        String sopInstanceUid,
        String sopClassUid,
        Integer instanceNumber,
        Integer rows,
        Integer columns,
        int numberOfFrames) {}
