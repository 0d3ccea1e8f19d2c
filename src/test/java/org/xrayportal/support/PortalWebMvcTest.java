package org.xrayportal.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.WebSliceSecurity;
import org.xrayportal.system.WebSliceSystem;

/**
 * A web slice: the named controllers with the portal's real filter chain ({@code SecurityConfiguration}: URL rules,
 * CSRF, headers), its argument resolvers, problem pages and templates, and no database or PACS. The services the
 * controllers call are {@code @MockitoBean}s of the test; sign-in itself is stood in by {@link WebSliceSecurity}.
 * For status codes, validation, CSRF and redirects; policies and journeys keep the full application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WebMvcTest
@Import({WebSliceSecurity.class, WebSliceSystem.class})
@MockitoBean(types = {AccountService.class, AccountLanguages.class})
public @interface PortalWebMvcTest {

    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};
}
