package org.xrayportal.support;

import org.xrayportal.account.Actor;
import org.xrayportal.security.PortalUser;

/** The actor a controller would build for a signed-in test user, for tests that call services directly. */
public final class Actors {

    /** The documentation address (RFC 5737) tests use as the client's. */
    public static final String CLIENT = "192.0.2.1";

    private Actors() {}

    public static Actor actor(PortalUser user) {
        return actor(user, CLIENT);
    }

    public static Actor actor(PortalUser user, String clientAddress) {
        return Actor.of(user, clientAddress);
    }
}
