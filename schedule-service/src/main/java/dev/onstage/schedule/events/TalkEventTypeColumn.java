package dev.onstage.schedule.events;

import dev.onstage.contract.TalkEventType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Keeps a {@link TalkEventType} in the outbox as its CloudEvents type, the name the contract and the logs use. */
@Converter
public class TalkEventTypeColumn implements AttributeConverter<TalkEventType, String> {

    @Override
    public String convertToDatabaseColumn(TalkEventType type) {
        return type == null ? null : type.type();
    }

    @Override
    public TalkEventType convertToEntityAttribute(String type) {
        return type == null ? null : TalkEventType.fromType(type)
                .orElseThrow(() -> new IllegalStateException("Not a talk event type in the outbox: " + type));
    }
}
