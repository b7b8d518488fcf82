package dev.onstage.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fan-out harness's command line; {@code --help} prints {@link #USAGE}. */
public final class BenchOptions {

    static final String USAGE = """
            Usage: bench/fanout [options]      (or: java -cp 'bench/target/classes:bench/target/lib/*' dev.onstage.bench.FanOutBench)

            Drives a running stack (./onstage): imports a synthetic programme, opens subscribers (WebSocket and SSE, each
            filtering on one room or a few talks), replays the programme at high speed and measures, for every reminder
            delivered, the latency from its due instant (wall clock) to its receipt; also messages per second, connection
            set-up rate and the server's memory per idle connection. Prints a table and appends to a CSV.
            Three targets: notification-service, the Node.js peer (bench/peer/server.js) and nginx + nchan (bench/nchan,
            fed from Kafka by bench/peer/bridge.js; its CPU counts nginx's master and workers and the bridge, its memory
            is the PSS of nginx's processes, there is no heap figure).

            Load:
              --subscribers N[,N...]    subscriber counts, one run per count and target (default 100)
              --ws-share F              share of WebSocket subscribers, the rest SSE (default 0.5)
              --room-share F            share of subscribers filtering on one room; the others on talks (default 0.5)
              --talks-per-subscriber N  talks a talk subscriber follows (default 3)
              --rooms N                 rooms of the synthetic programme (default 20)
              --slot-minutes N          one talk per room every N programme minutes, lasting N-1 (default 5)
              --talks N                 talks in the programme (default: enough to fill --duration)
              --duration S              wall seconds the talks span at --speed (default 30)
              --speed X                 replay speed, 1 to 600 (default 600)
              --lead-in S               wall seconds between setting the clock and the first event (default 5)
              --drain S                 wall seconds to wait for late deliveries after the last event (default 15)
              --connect-concurrency N   connection attempts in flight (default 200)
              --client-threads N        event loops of the load generator (default 2)
              --warmup N                before each target's first run, an unmeasured run with N subscribers, so
                                        that the harness's JIT is warm for every target, not only the later ones, and
                                        a freshly started peer is too (default 0: none; docs/benchmarks.md uses 2000)
              --seed N                  seed of the subscribers' filters (default 7)
            Targets:
              --target T[,T...]         notification, peer, nchan, or a list of them (notification,peer,nchan); both is
                                        notification,peer; all is all three (default notification)
              --schedule-url URL        schedule-service (default http://localhost:8081)
              --notification-url URL    notification-service (default http://localhost:8082)
              --peer-url URL            the Node.js peer (default http://localhost:8083)
              --nchan-url URL           nginx + nchan: subscribers on /sse and /ws, status on /nchan_status
                                        (default http://localhost:8084)
              --bridge-url URL          the bridge from Kafka to nchan (bench/peer/bridge.js; default http://localhost:8085)
              --start-peer              start bench/peer/server.js on --peer-url's port, stop it after
              --start-nchan             start nginx (bench/nchan/nginx.conf.template, scratch files in the temporary
                                        directory) on --nchan-url's port and bench/peer/bridge.js on --bridge-url's port,
                                        stop them after; needs nginx-light and libnginx-mod-nchan
                                        (apt-get install -y nginx-light libnginx-mod-nchan)
              --kafka HOST:PORT         the broker for a started peer or bridge (default 127.0.0.1:9092)
              --admin-user U            organizer (default admin)
              --admin-password P        organizer's password (default: read from --data-dir/admin-password)
              --data-dir DIR            ./onstage's data directory (default .onstage)
              (--start-peer and --start-nchan run 'npm ci' in bench/peer first when its node_modules is missing.)
            Several instances and processes (50,000 subscribers: docs/benchmarks.md):
              --start-instances N       start N notification-service instances for the run, as ./onstage runs its own
                                        (the jar, environment and priority of the process on --notification-url's
                                        port), each with --instance-heap and limits raised for 20,000 streams, on
                                        ports from --instance-port; the subscribers go round-robin over them (no
                                        stickiness); stopped after
              --instance-port P         the first started instance's port, the others P+1, ... (default 8090)
              --instance-heap SIZE      -Xmx of each started instance (default 1g)
              --instance-nice N         their niceness (default: that of the instance they copy, 10 under ./onstage)
              --processes N             split the subscribers over N harness processes (each a JVM with its own open
                                        files); this one sets the clock and gathers their results (default 1)
              --source-addresses N      connect from 127.0.0.2 ... 127.0.0.(N+1), round-robin (default 0: the system's
                                        choice; one address gives about 28,000 ports toward one server port)
              --resume N                N subscribers that have received events leave 1 s before the first events due
                                        after 40% of the replay and, after --resume-gap, resume with their last id on
                                        the next instance; they must get what they missed, once (default 0)
              --resume-gap S            wall seconds they stay away (default 3)
            Output:
              --csv FILE                append one line per run (default bench/target/fanout.csv)
              --label TEXT              a label for the CSV lines (default: empty)
              --no-memory               skip the memory measurements (they run GC in the servers)
              -h, --help                this text
            """;

    List<Integer> subscribers = List.of(100);
    double wsShare = 0.5;
    double roomShare = 0.5;
    int talksPerSubscriber = 3;
    int rooms = 20;
    int slotMinutes = 5;
    Integer talks;
    double duration = 30;
    double speed = 600;
    double leadIn = 5;
    double drain = 15;
    int connectConcurrency = 200;
    int clientThreads = 2;
    int warmup = 0;
    long seed = 7;
    List<String> targets = List.of("notification");
    URI scheduleUrl = URI.create("http://localhost:8081");
    URI notificationUrl = URI.create("http://localhost:8082");
    URI peerUrl = URI.create("http://localhost:8083");
    URI nchanUrl = URI.create("http://localhost:8084");
    URI bridgeUrl = URI.create("http://localhost:8085");
    boolean startPeer;
    boolean startNchan;
    String kafka = "127.0.0.1:9092";
    String adminUser = "admin";
    String adminPassword;
    Path dataDir = Path.of(".onstage");
    Path csv = Path.of("bench/target/fanout.csv");
    String label = "";
    boolean memory = true;
    int startInstances;
    int instancePort = 8090;
    String instanceHeap = "1g";
    Integer instanceNice;
    int processes = 1;
    int sourceAddresses;
    int resume;
    double resumeGap = 3;
    /** Set by the parent for a harness process: its number, and the instances' URLs. */
    int worker = -1;
    List<URI> instanceUrls = List.of();
    /** The command line as given: a split run passes it on to its harness processes. */
    List<String> args = List.of();

    public static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        o.args = List.of(args);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--subscribers" -> {
                    List<Integer> counts = new ArrayList<>();
                    for (String n : value(args, ++i, arg).split(",")) {
                        counts.add(positive(n.trim(), arg));
                    }
                    o.subscribers = List.copyOf(counts);
                }
                case "--ws-share" -> o.wsShare = share(value(args, ++i, arg), arg);
                case "--room-share" -> o.roomShare = share(value(args, ++i, arg), arg);
                case "--talks-per-subscriber" -> o.talksPerSubscriber = positive(value(args, ++i, arg), arg);
                case "--rooms" -> o.rooms = positive(value(args, ++i, arg), arg);
                case "--slot-minutes" -> o.slotMinutes = positive(value(args, ++i, arg), arg);
                case "--talks" -> o.talks = positive(value(args, ++i, arg), arg);
                case "--duration" -> o.duration = number(value(args, ++i, arg), arg, 0.1, 86_400);
                case "--speed" -> o.speed = number(value(args, ++i, arg), arg, 1, 600);
                case "--lead-in" -> o.leadIn = number(value(args, ++i, arg), arg, 0.5, 600);
                case "--drain" -> o.drain = number(value(args, ++i, arg), arg, 0, 600);
                case "--connect-concurrency" -> o.connectConcurrency = positive(value(args, ++i, arg), arg);
                case "--client-threads" -> o.clientThreads = positive(value(args, ++i, arg), arg);
                case "--warmup" -> o.warmup = (int) number(value(args, ++i, arg), arg, 0, 1_000_000);
                case "--seed" -> o.seed = Long.parseLong(value(args, ++i, arg));
                case "--target" -> o.targets = targets(value(args, ++i, arg));
                case "--schedule-url" -> o.scheduleUrl = URI.create(value(args, ++i, arg));
                case "--notification-url" -> o.notificationUrl = URI.create(value(args, ++i, arg));
                case "--peer-url" -> o.peerUrl = URI.create(value(args, ++i, arg));
                case "--nchan-url" -> o.nchanUrl = URI.create(value(args, ++i, arg));
                case "--bridge-url" -> o.bridgeUrl = URI.create(value(args, ++i, arg));
                case "--start-peer" -> o.startPeer = true;
                case "--start-nchan" -> o.startNchan = true;
                case "--kafka" -> o.kafka = value(args, ++i, arg);
                case "--admin-user" -> o.adminUser = value(args, ++i, arg);
                case "--admin-password" -> o.adminPassword = value(args, ++i, arg);
                case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, arg));
                case "--csv" -> o.csv = Path.of(value(args, ++i, arg));
                case "--label" -> o.label = value(args, ++i, arg);
                case "--no-memory" -> o.memory = false;
                case "--start-instances" -> o.startInstances = positive(value(args, ++i, arg), arg);
                case "--instance-port" -> o.instancePort = positive(value(args, ++i, arg), arg);
                case "--instance-heap" -> o.instanceHeap = value(args, ++i, arg);
                case "--instance-nice" -> o.instanceNice = (int) number(value(args, ++i, arg), arg, 0, 19);
                case "--processes" -> o.processes = positive(value(args, ++i, arg), arg);
                case "--source-addresses" -> o.sourceAddresses = (int) number(value(args, ++i, arg), arg, 0, 250);
                case "--resume" -> o.resume = (int) number(value(args, ++i, arg), arg, 0, 1_000_000);
                case "--resume-gap" -> o.resumeGap = number(value(args, ++i, arg), arg, 0, 600);
                case "--worker" -> o.worker = (int) number(value(args, ++i, arg), arg, 0, 1000);
                case "--instance-urls" -> o.instanceUrls = java.util.Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).map(URI::create).toList();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return o;
    }

    /** The split mode: several instances, several processes, or resumes across instances. */
    boolean split() {
        return startInstances > 0 || processes > 1 || resume > 0 || sourceAddresses > 0;
    }

    /** -Xmx of a harness process: its share of the subscribers at about 32 KiB each, and 256 MiB. */
    String workerHeap() {
        int n = subscribers.stream().mapToInt(Integer::intValue).max().orElse(1) / processes;
        return (n / 32 + 256) + "m";
    }

    /** The source addresses to connect from: 127.0.0.2 onwards; empty for the system's choice. */
    List<String> sources() {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < sourceAddresses; i++) {
            sources.add("127.0.0." + (2 + i));
        }
        return sources;
    }

    /** The organizer's password: given, or the one ./onstage generated into its data directory. */
    String password() {
        if (adminPassword != null) {
            return adminPassword;
        }
        Path file = dataDir.resolve("admin-password");
        try {
            return Files.readString(file).strip();
        } catch (Exception e) {
            throw new IllegalArgumentException("no --admin-password and cannot read " + file.toAbsolutePath()
                    + " (pass --data-dir, the directory ./onstage keeps its data in)");
        }
    }

    /** Talks in the programme: given, or a full programme for --duration at --speed in every room. */
    int talkCount() {
        if (talks != null) {
            return talks;
        }
        int slots = (int) Math.ceil(duration * speed / 60 / slotMinutes);
        return Math.max(1, slots) * rooms;
    }

    URI url(String target) {
        return switch (target) {
            case "peer" -> peerUrl;
            case "nchan" -> nchanUrl;
            default -> notificationUrl;
        };
    }

    /** notification, peer, nchan, a comma-separated list of them, both (the first two) or all. */
    static List<String> targets(String value) {
        List<String> targets = new ArrayList<>();
        for (String t : value.split(",")) {
            List<String> named = switch (t.trim()) {
                case "notification", "peer", "nchan" -> List.of(t.trim());
                case "both" -> List.of("notification", "peer");
                case "all" -> List.of("notification", "peer", "nchan");
                default -> throw new IllegalArgumentException(
                        "--target takes notification, peer, nchan, a list of them, both or all; not " + t);
            };
            named.stream().filter(n -> !targets.contains(n)).forEach(targets::add);
        }
        return List.copyOf(targets);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a positive whole number, not " + value);
        }
    }

    private static double share(String value, String option) {
        return number(value, option, 0, 1);
    }

    private static double number(String value, String option, double min, double max) {
        try {
            double x = Double.parseDouble(value);
            if (x < min || x > max) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", not " + value);
        }
    }
}
