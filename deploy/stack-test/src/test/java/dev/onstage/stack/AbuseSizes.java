package dev.onstage.stack;

/**
 * How hard {@link AbuseIT} attacks, from system properties: the short version in {@code ./mvnw verify} by default, the
 * full size of issue 15 in {@code -Preliability-long} (deploy/stack-test/pom.xml sets the properties).
 *
 * @param bodies         chunked bodies sent at once, spread over every route of both services
 * @param bodyBytes      the size of each body
 * @param held           connections opened and held without a request (slowloris), spread over both services
 * @param creations      attendee creations from one address
 * @param logins         wrong organizer logins from one address
 * @param forgedStreams  reminder streams from one address, each with another forged X-Forwarded-For
 * @param speed          the replay's speed: long enough to run through the attack
 * @param latenessBudgetSeconds the most an event may be published after its due time (wall time); events later than
 *                       onstage.events.late-after (1 s) are counted and reported as late
 * @param idleTimeout    both services' quarkus.http.idle-timeout ("10s"); null (property {@code services}) for
 *                       their own (30 s and 60 s)
 */
record AbuseSizes(int bodies, long bodyBytes, int held, int creations, int logins, int forgedStreams, int speed,
        double latenessBudgetSeconds, String idleTimeout) {

    static AbuseSizes fromSystemProperties() {
        String idle = System.getProperty("onstage.abuse.idle-timeout", "10s");
        return new AbuseSizes(Integer.getInteger("onstage.abuse.bodies", 20),
                Long.getLong("onstage.abuse.body-bytes", 16L << 20),
                Integer.getInteger("onstage.abuse.held", 500),
                Integer.getInteger("onstage.abuse.creations", 300),
                Integer.getInteger("onstage.abuse.logins", 100),
                Integer.getInteger("onstage.abuse.forged-streams", 200),
                Integer.getInteger("onstage.abuse.speed", 120),
                Double.parseDouble(System.getProperty("onstage.abuse.lateness-budget-seconds", "5")),
                idle.equals("services") ? null : idle);
    }

    @Override
    public String toString() {
        return String.format("%,d bodies of %d MB, %,d held connections, %,d attendee creations, %,d wrong logins, "
                + "%,d forged streams; replay at %dx, lateness budget %.1f s; idle timeout %s", bodies, bodyBytes >> 20,
                held, creations, logins, forgedStreams, speed, latenessBudgetSeconds,
                idleTimeout == null ? "the services' own (30 s, 60 s)" : idleTimeout);
    }
}
