package org.xrayportal.imaging;

import java.util.Locale;
import java.util.Optional;

/**
 * The brightness/contrast choices a patient has, defined on what the patient sees: the displayed grey level (0 black,
 * 1 white) after the image's own VOI and after MONOCHROME1 inversion. "Brighter" is therefore brighter on every image,
 * whatever its photometric interpretation, rescale slope or VOI function, and on colour images it acts on each of the
 * red, green and blue levels. The reference renderer in {@code src/test/python} uses the same definitions.
 */
public enum DisplayPreset {
    AS_STORED("as-stored", 1.0, 0.0),
    BRIGHTER("brighter", 1.0, 0.2),
    DARKER("darker", 1.0, -0.2),
    MORE_CONTRAST("more-contrast", 1 / 0.6, 0.0),
    LESS_CONTRAST("less-contrast", 1 / 1.6, 0.0);

    private final String id;
    private final double gain;
    private final double shift;

    DisplayPreset(String id, double gain, double shift) {
        this.id = id;
        this.gain = gain;
        this.shift = shift;
    }

    /** The name used in URLs and by the viewer's select. */
    public String id() {
        return id;
    }

    /** A displayed level (0..1) after this preset, clipped to 0..1. */
    public double apply(double level) {
        double out = (level - 0.5) * gain + 0.5 + shift;
        return out < 0 ? 0 : Math.min(out, 1);
    }

    /** The preset named {@code id}; {@code default} is an old name of {@link #AS_STORED}. */
    public static Optional<DisplayPreset> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.toLowerCase(Locale.ROOT);
        if (wanted.equals("default")) {
            return Optional.of(AS_STORED);
        }
        for (DisplayPreset preset : values()) {
            if (preset.id.equals(wanted)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }
}
