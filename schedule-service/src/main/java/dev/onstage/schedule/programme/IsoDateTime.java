package dev.onstage.schedule.programme;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * An ISO-8601 date-time with offset, as a JSON string and nothing else: Jackson would otherwise take a number as
 * seconds since 1970 ({@code "start": 5} would move a talk to 1970-01-01T00:00:05Z).
 */
public class IsoDateTime extends StdDeserializer<OffsetDateTime> {

    public IsoDateTime() {
        super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser.currentToken(), parser,
                    "expected an ISO-8601 date-time with offset as a string, such as \"2022-07-21T07:45:00-07:00\"");
        }
        String text = parser.getText();
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text,
                    "not an ISO-8601 date-time with offset, such as 2022-07-21T07:45:00-07:00");
        }
    }
}
