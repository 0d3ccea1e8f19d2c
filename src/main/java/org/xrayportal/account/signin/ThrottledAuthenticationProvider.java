package org.xrayportal.account.signin;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.xrayportal.account.lockout.SignInThrottle;

/**
 * The password check behind the sign-in form, with the database-backed throttle around it. A blocked attempt still
 * runs the full password check, so it takes as long as any other and fails exactly like a wrong password.
 *
 * <p>The portal's only {@link AuthenticationProvider} bean: the security layer's filter chain gets an authentication
 * manager holding only this provider and no parent, so no other (unthrottled) provider can answer for it.
 */
@Component
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledAuthenticationProvider(
            UserDetailsService userDetails, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(userDetails);
        this.passwords.setPasswordEncoder(passwordEncoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
        holdOff(throttle.addressDelay(address));
        boolean blocked = throttle.isBlocked(email, address);
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationException e) {
            if (!blocked) {
                throttle.recordFailure(email, address);
            }
            throw blocked ? new SignInThrottledException() : e;
        }
        if (blocked) {
            throw new SignInThrottledException();
        }
        throttle.recordSuccess(email);
        return result;
    }

    /** A blocked client address slows each attempt down instead of refusing it (issue 12). */
    private static void holdOff(java.time.Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInThrottledException();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Looks like a wrong password to everybody but the audit trail. */
    static final class SignInThrottledException extends BadCredentialsException {

        private static final long serialVersionUID = 1L;

        SignInThrottledException() {
            super("Bad credentials");
        }
    }
}
