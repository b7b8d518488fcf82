package dev.onstage.schedule.programme;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a talk's speakers, in order, in one text column separated by the ASCII unit separator, a character
 * that does not occur in names. (Hibernate Reactive cannot read a top-level JSON array column.)
 */
@Converter
public class SpeakerListConverter implements AttributeConverter<List<String>, String> {

    static final String SEPARATOR = "\u001F";

    @Override
    public String convertToDatabaseColumn(List<String> speakers) {
        return speakers == null ? "" : String.join(SEPARATOR, speakers);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(SEPARATOR, -1));
    }
}
