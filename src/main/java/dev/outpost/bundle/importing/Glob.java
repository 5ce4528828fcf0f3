package dev.outpost.bundle.importing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.FileSystems;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A file-name glob the JDK accepts ({@code FileSystem.getPathMatcher("glob:...")}), checked when the
 * configuration is read, so that a typo such as {@code *.{bundle} stops the start instead of the
 * first inbox scan.
 */
@Documented
@Constraint(validatedBy = Glob.Validator.class)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Glob {
    String message() default "must be a valid file-name glob, e.g. *.{bundle,delta}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Glob, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true; // @NotBlank says what is missing
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + value);
                return true;
            } catch (PatternSyntaxException e) {
                return false;
            }
        }
    }
}
