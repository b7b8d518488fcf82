package dev.onstage.contract;

/** CloudEvents 1.0 attribute values and their Kafka header names in binary mode. */
public final class CloudEventsAttributes {

    /** {@code ce_source} of every event Onstage publishes. */
    public static final String SOURCE = "urn:onstage:schedule-service";
    /** {@code ce_specversion}. */
    public static final String SPEC_VERSION = "1.0";
    /** The {@code content-type} header: the value is the event's data as UTF-8 JSON. */
    public static final String DATA_CONTENT_TYPE = "application/json";

    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_SUBJECT = "ce_subject";
    /** Binary mode carries {@code datacontenttype} in the plain Kafka {@code content-type} header, not a ce_ one. */
    public static final String HEADER_CONTENT_TYPE = "content-type";

    private CloudEventsAttributes() {
    }
}
