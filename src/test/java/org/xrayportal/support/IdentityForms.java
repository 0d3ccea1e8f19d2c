package org.xrayportal.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-step staff identity forms (issue 10): a first post looks the identity up in the PACS and shows the
 * comparison; a second post with the {@code checked} value from that page issues the code or makes the link.
 */
public final class IdentityForms {

    private static final Pattern CHECKED =
            Pattern.compile("<input type=\"hidden\" name=\"checked\" value=\"([0-9a-f]{64})\"");

    private IdentityForms() {}

    /** The value that confirms the comparison shown on a page, or null when the check did not pass. */
    public static String checked(PortalBrowser.Page page) {
        Matcher m = CHECKED.matcher(page.body());
        return m.find() ? m.group(1) : null;
    }

    /**
     * Looks up, then confirms when the check passed. Returns the preview page when it did not pass (with the reasons),
     * else the page after confirming.
     */
    public static PortalBrowser.Page lookUpAndConfirm(
            PortalBrowser staff, String formPage, String action, Map<String, String> fields) {
        PortalBrowser.Page preview = staff.submit(formPage, action, fields);
        String checked = checked(preview);
        if (checked == null) {
            return preview;
        }
        Map<String, String> confirmed = new LinkedHashMap<>(fields);
        confirmed.put("checked", checked);
        return staff.post(action, confirmed);
    }
}
