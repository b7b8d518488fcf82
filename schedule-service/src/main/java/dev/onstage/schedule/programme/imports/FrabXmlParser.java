package dev.onstage.schedule.programme.imports;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.codehaus.stax2.XMLInputFactory2;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a frab / Pentabarf schedule XML ({@code schedule.xml}, schema {@code frab-schedule.xml.xsd}) as written by
 * frab, pretalx and Pentabarf.
 *
 * <p>frab has days, rooms and events but no sessions: each (day, room) with events becomes one session titled
 * {@code "<room> · <day date>"} (e.g. {@code "Saal 1 · 2014-12-27"}), and an event after midnight stays in the
 * session of its conference day. Talk ids are the event's {@code guid}, else its {@code id}. The event's
 * {@code <date>} (with offset) gives the start, else the day's date and {@code <start>} in the conference zone;
 * {@code <duration>} gives the end. The details, shared with the JSON format, are in {@link FrabScheduleMapper};
 * this class only reads the XML.
 *
 * <p>The XML is read with Woodstox (the StAX parser under Jackson XML) in streaming mode rather than bound to
 * objects, so that every problem can be reported with its line:column. The parser is hardened because schedule
 * files come from outside: a DOCTYPE is refused before anything in it is processed (no external entities or DTDs
 * are fetched from disk or network, no entity expansion, so no XXE and no billion laughs), and element depth, text
 * and attribute sizes and the document size are limited.
 *
 * <p>Stateless and thread-safe: the configured factory is immutable in use, every parse has its own reader.
 */
@ApplicationScoped
public class FrabXmlParser {

    static final int MAX_ELEMENT_DEPTH = 32;
    static final int MAX_TEXT_CHARS = 1_000_000;
    static final int MAX_ATTRIBUTE_CHARS = 10_000;
    static final long MAX_DOCUMENT_CHARS = 50_000_000L;

    private final XMLInputFactory xmlInputFactory = hardenedFactory();

    public ImportedProgramme parse(InputStream xml) {
        if (xml == null) {
            throw new ProgrammeImportException("input", "no schedule XML given");
        }
        XMLStreamReader reader = null;
        try {
            reader = xmlInputFactory.createXMLStreamReader(xml);
            FrabSchedule schedule = new ScheduleReader(reader).readDocument();
            return FrabScheduleMapper.toProgramme(schedule);
        } catch (XMLStreamException e) {
            throw new ProgrammeImportException(where(e.getLocation()), "cannot read the XML: " + reason(e), e);
        } catch (WstxLazyException e) {
            // Woodstox's unchecked wrapper of an XMLStreamException; lazy parsing is off, so this is only a safety net.
            XMLStreamException cause = (XMLStreamException) e.getCause();
            throw new ProgrammeImportException(where(cause.getLocation()), "cannot read the XML: " + reason(cause), e);
        } finally {
            closeQuietly(reader);
        }
    }

    private static XMLInputFactory hardenedFactory() {
        WstxInputFactory factory = new WstxInputFactory();
        // No DTD processing and no external entities: a DOCTYPE is refused by ScheduleReader anyway, these make sure
        // nothing in one would ever be acted upon.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource " + systemId + " refused");
        });
        // Read eagerly, so that malformed input surfaces as XMLStreamException and not as a lazy RuntimeException.
        factory.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_ELEMENT_DEPTH);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_CHARS);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_CHARS);
        factory.setProperty(WstxInputProperties.P_MAX_CHARACTERS, MAX_DOCUMENT_CHARS);
        return factory;
    }

    private static String where(Location location) {
        if (location == null || location.getLineNumber() < 0) {
            return "input";
        }
        return location.getLineNumber() + ":" + location.getColumnNumber();
    }

    /** Woodstox appends the location to its messages; the location is already in where(). */
    private static String reason(XMLStreamException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int locationSuffix = message.indexOf("\n at [");
        return (locationSuffix >= 0 ? message.substring(0, locationSuffix) : message).strip();
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing to do: the result or the error of the parse is already decided.
            }
        }
    }

    /** Walks the element tree of one document; one instance per parse. */
    private static final class ScheduleReader {

        private final XMLStreamReader reader;

        ScheduleReader(XMLStreamReader reader) {
            this.reader = reader;
        }

        FrabSchedule readDocument() throws XMLStreamException {
            moveToRootElement();
            String scheduleWhere = here();
            if (!"schedule".equals(reader.getLocalName())) {
                throw new ProgrammeImportException(scheduleWhere,
                        "the root element is <" + reader.getLocalName() + ">, a frab schedule starts with <schedule>");
            }
            FrabSchedule.Value acronym = FrabSchedule.Value.absent(scheduleWhere);
            FrabSchedule.Value title = FrabSchedule.Value.absent(scheduleWhere);
            FrabSchedule.Value timeZoneName = FrabSchedule.Value.absent(scheduleWhere);
            boolean conferenceSeen = false;
            List<FrabSchedule.Day> days = new ArrayList<>();
            while (nextChildElement()) {
                switch (reader.getLocalName()) {
                    case "conference" -> {
                        conferenceSeen = true;
                        String conferenceWhere = here();
                        acronym = FrabSchedule.Value.absent(conferenceWhere);
                        title = FrabSchedule.Value.absent(conferenceWhere);
                        timeZoneName = FrabSchedule.Value.absent(conferenceWhere);
                        while (nextChildElement()) {
                            switch (reader.getLocalName()) {
                                case "acronym" -> acronym = elementText();
                                case "title" -> title = elementText();
                                case "time_zone_name" -> timeZoneName = elementText();
                                default -> skipElement();
                            }
                        }
                    }
                    case "day" -> days.add(readDay());
                    default -> skipElement();
                }
            }
            if (!conferenceSeen) {
                throw new ProgrammeImportException(scheduleWhere, "<schedule> has no <conference> element");
            }
            // Read to the end, so that content after </schedule> (a second root, garbage) is reported too.
            while (reader.hasNext()) {
                reader.next();
            }
            return new FrabSchedule(acronym, title, timeZoneName, days);
        }

        private void moveToRootElement() throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new ProgrammeImportException(here(), "a DOCTYPE declaration is not accepted in a schedule:"
                            + " it is not needed, and entities in it could read files or expand without limit");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return;
                }
            }
            throw new ProgrammeImportException(here(), "the document has no root element");
        }

        private FrabSchedule.Day readDay() throws XMLStreamException {
            String where = here();
            FrabSchedule.Value date = attribute("date");
            FrabSchedule.Value start = attribute("start");
            List<FrabSchedule.Room> rooms = new ArrayList<>();
            while (nextChildElement()) {
                if ("room".equals(reader.getLocalName())) {
                    rooms.add(readRoom());
                } else {
                    skipElement();
                }
            }
            return new FrabSchedule.Day(where, date, start, rooms);
        }

        private FrabSchedule.Room readRoom() throws XMLStreamException {
            String where = here();
            FrabSchedule.Value name = attribute("name");
            List<FrabSchedule.Event> events = new ArrayList<>();
            while (nextChildElement()) {
                if ("event".equals(reader.getLocalName())) {
                    events.add(readEvent());
                } else {
                    skipElement();
                }
            }
            return new FrabSchedule.Room(where, name, events);
        }

        private FrabSchedule.Event readEvent() throws XMLStreamException {
            String where = here();
            FrabSchedule.Value guid = attribute("guid");
            FrabSchedule.Value id = attribute("id");
            FrabSchedule.Value absent = FrabSchedule.Value.absent(where);
            FrabSchedule.Value title = absent;
            FrabSchedule.Value date = absent;
            FrabSchedule.Value start = absent;
            FrabSchedule.Value duration = absent;
            FrabSchedule.Value room = absent;
            FrabSchedule.Value abstractText = absent;
            List<String> speakers = new ArrayList<>();
            while (nextChildElement()) {
                switch (reader.getLocalName()) {
                    case "title" -> title = elementText();
                    case "date" -> date = elementText();
                    case "start" -> start = elementText();
                    case "duration" -> duration = elementText();
                    case "room" -> room = elementText();
                    case "abstract" -> abstractText = elementText();
                    case "persons" -> speakers.addAll(readPersons());
                    default -> skipElement();
                }
            }
            return new FrabSchedule.Event(where, guid, id, title, date, start, FrabSchedule.Value.absent(where),
                    duration, room, abstractText, speakers);
        }

        private List<String> readPersons() throws XMLStreamException {
            List<String> names = new ArrayList<>();
            while (nextChildElement()) {
                if ("person".equals(reader.getLocalName())) {
                    FrabSchedule.Value name = elementText();
                    if (!name.isPresent()) {
                        throw new ProgrammeImportException(name.where(), "<person> has no name");
                    }
                    names.add(name.stripped());
                } else {
                    skipElement();
                }
            }
            return names;
        }

        /**
         * Moves to the next child element of the current element. Returns false, positioned on the parent's end tag,
         * when there are no more children. Text, comments and processing instructions between elements are skipped.
         */
        private boolean nextChildElement() throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return false;
                }
            }
            throw new ProgrammeImportException(here(), "the document ends inside an element");
        }

        /** The text of the current element, which must not contain elements; leaves the reader on its end tag. */
        private FrabSchedule.Value elementText() throws XMLStreamException {
            String where = here();
            return new FrabSchedule.Value(reader.getElementText(), where);
        }

        private FrabSchedule.Value attribute(String name) {
            return new FrabSchedule.Value(reader.getAttributeValue(null, name), here());
        }

        private void skipElement() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private String here() {
            return where(reader.getLocation());
        }
    }
}
