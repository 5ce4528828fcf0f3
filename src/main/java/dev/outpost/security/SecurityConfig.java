package dev.outpost.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code outpost.security.*}: who may call what (issue 14, docs/adr/0016-roles-and-tokens.md). */
@ConfigMapping(prefix = "outpost.security")
public interface SecurityConfig {
    /** What a lookup needs: nothing on the LAN ({@code open}), a lookup token, or a client certificate. */
    @WithDefault("open")
    LookupAccess lookups();

    /** {@code NAME:ROLE:SHA256HEX} of tokens provisioned by configuration; none by default. */
    Optional<List<String>> tokens();

    /** Failed authentications from one address within this window count towards its slowdown. */
    @WithDefault("15m")
    @DurationMin(millis = 1, message = "must be positive")
    Duration failureWindow();

    /** Failures from one address within the window before its answers are delayed. */
    @WithDefault("5")
    @Min(1)
    @Max(1000)
    int failuresBeforeSlowdown();

    /** The longest delay a failing address is given. */
    @WithDefault("5s")
    @DurationMin(millis = 0, message = "must not be negative")
    Duration maxFailureDelay();

    enum LookupAccess {
        OPEN,
        TOKEN,
        MTLS
    }
}
