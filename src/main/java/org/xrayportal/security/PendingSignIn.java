package org.xrayportal.security;

import java.util.List;

/**
 * A sign-in under way: the password was right and a further step (the account module's second factor) is still to
 * come. Such a session holds {@link #authority()} instead of a role, and the filter chain lets it reach
 * {@link #pages()} and nothing else. Provided as a bean by the module that owns the step.
 */
public interface PendingSignIn {

    /** The authority a session holds while the sign-in is pending. */
    String authority();

    /** The pages such a session may reach. */
    List<String> pages();
}
