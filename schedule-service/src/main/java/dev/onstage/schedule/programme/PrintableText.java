package dev.onstage.schedule.programme;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import dev.onstage.schedule.programme.imports.Texts;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text of at most {@link #max()} characters with something to read and no control characters (null is valid). The
 * length is checked first and the text is then read once: together, {@code @Size} and a {@code @Pattern} both ran,
 * and the pattern backtracked quadratically over any length (issue 15, item 5).
 */
@Documented
@Constraint(validatedBy = PrintableText.Check.class)
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface PrintableText {

    String message() default Texts.PRINTABLE_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The most characters (UTF-16 units) the text may have. */
    int max();

    class Check implements ConstraintValidator<PrintableText, String> {

        private int max;

        @Override
        public void initialize(PrintableText annotation) {
            max = annotation.max();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            if (text.length() > max) {
                context.disableDefaultConstraintViolation();
                // Only numbers in the message: a template must never carry the input (expression language).
                context.buildConstraintViolationWithTemplate("must be at most " + max + " characters; it has "
                        + text.length()).addConstraintViolation();
                return false;
            }
            return Texts.printable(text);
        }
    }
}
