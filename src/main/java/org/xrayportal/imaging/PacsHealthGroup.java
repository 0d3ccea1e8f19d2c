package org.xrayportal.imaging;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Takes the PACS indicator ({@code pacsConnection}) out of {@code /actuator/health} (the application's own status) and offers it as the
 * group {@code /actuator/health/pacs}, unless a group of that name is configured already. Boot has no property that
 * removes a contributor from the root status, only groups that add one.
 */
final class PacsHealthGroup implements HealthEndpointGroupsPostProcessor {

    /** The group, served at {@code /actuator/health/pacs}. */
    static final String GROUP = "pacs";

    /** The indicator's contributor name; it must differ from the group's, or Boot refuses to start. */
    static final String CONTRIBUTOR = "pacsConnection";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup primary = groups.getPrimary();
        Map<String, HealthEndpointGroup> named = new HashMap<>();
        for (String name : groups.getNames()) {
            named.put(name, groups.get(name));
        }
        named.putIfAbsent(GROUP, new Delegating(primary, CONTRIBUTOR::equals, null));
        return HealthEndpointGroups.of(new Delegating(primary, name -> !CONTRIBUTOR.equals(name)), named);
    }

    private record Delegating(
            HealthEndpointGroup delegate,
            java.util.function.Predicate<String> members,
            AdditionalHealthEndpointPath additionalPath)
            implements HealthEndpointGroup {

        Delegating(HealthEndpointGroup delegate, java.util.function.Predicate<String> members) {
            this(delegate, members, delegate.getAdditionalPath());
        }

        @Override
        public boolean isMember(String name) {
            return members.test(name) && delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return additionalPath;
        }
    }
}
