package org.xrayportal.system;

/** The character rules of issue 12, shared by form fields and request parameters. */
final class InputRules {

    private InputRules() {}

    /**
     * Whether {@code text} holds a control character: C0 (NUL and the rest), DEL or C1; line feed, carriage return and
     * tab are allowed when {@code multiLine}.
     */
    static boolean hasControlCharacter(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                if (multiLine && (c == '\n' || c == '\r' || c == '\t')) {
                    continue;
                }
                return true;
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                return true; // a lone surrogate is no text either
            }
        }
        return false;
    }
}
