package dev.outpost.io;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON body a resource method reads, as a client writes it ({@code {"urls": [...]}}). When a
 * body cannot be read, the problem names this shape, the one of the endpoint that was called, rather
 * than every endpoint's. Every method that takes a JSON body declares one (a test holds it to that).
 *
 * <p>It lives here, not beside the mapper in {@code http}, because the resources declare it and
 * {@code http} depends on them: the packages stay free of cycles.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JsonBody {
    /** The body's shape, written as JSON with {@code ...} for repeated or free values. */
    String value();
}
