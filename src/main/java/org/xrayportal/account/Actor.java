package org.xrayportal.account;

import java.util.Objects;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;

/**
 * Who does something, as domain services need to know it: the account, its role, and the client address the request
 * came from (for the audit trail). Controllers build it from the signed-in user; services never see the web
 * principal.
 *
 * @param accountId the account's id ({@code account.id})
 * @param name the name the audit trail records for the account: its sign-in email at the time of the request
 * @param role the account's role
 * @param clientAddress the client's IP address as the portal resolved it (trusted proxies only), never blank
 */
public record Actor(long accountId, String name, Role role, String clientAddress) {

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** The signed-in user acting from {@code clientAddress} (the audit trail names them by sign-in email). */
    public static Actor of(PortalUser user, String clientAddress) {
        return new Actor(user.id(), user.email(), user.role(), clientAddress);
    }
}
