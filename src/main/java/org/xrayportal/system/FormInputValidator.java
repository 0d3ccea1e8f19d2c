package org.xrayportal.system;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The checks every validated form gets, whatever its feature (issue 12): text holds no control characters (line
 * breaks and tabs only where the field is not {@link SingleLine}), and every date lies within {@link #EARLIEST} and
 * {@link #LATEST}. Runs beside Bean Validation on each {@code @Valid} form, so each failure is a field error on the
 * form's own page and nothing is written.
 */
final class FormInputValidator implements Validator {

    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    @Override
    public boolean supports(Class<?> type) {
        return true;
    }

    @Override
    public void validate(Object target, Errors errors) {
        for (var field : fieldsOf(target.getClass())) {
            Object value = field.value(target);
            if (errors.hasFieldErrors(field.name())) {
                continue;
            }
            if (value instanceof String text && InputRules.hasControlCharacter(text, !field.singleLine())) {
                errors.rejectValue(field.name(), "form.controlCharacters");
            } else if (value instanceof LocalDate date && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
                errors.rejectValue(
                        field.name(), "form.dateRange", new Object[] {EARLIEST.getYear(), LATEST.getYear()}, null);
            }
        }
    }

    private record FormField(String name, boolean singleLine, Field field) {
        Object value(Object target) {
            try {
                field.setAccessible(true);
                return field.get(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    private static List<FormField> fieldsOf(Class<?> type) {
        List<FormField> fields = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                try {
                    Field field = type.getDeclaredField(component.getName());
                    fields.add(
                            new FormField(component.getName(), component.isAnnotationPresent(SingleLine.class), field));
                } catch (NoSuchFieldException e) {
                    // every record component has its field
                }
            }
            return fields;
        }
        if (!type.getName().startsWith("org.xrayportal.")) {
            return fields;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())
                        && (field.getType() == String.class || field.getType() == LocalDate.class)) {
                    fields.add(new FormField(field.getName(), field.isAnnotationPresent(SingleLine.class), field));
                }
            }
        }
        return fields;
    }
}
