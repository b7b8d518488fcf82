package dev.onstage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the peers need on this machine: Node.js with bench/peer's packages (the Node.js peer, the bridge to nchan), and
 * nginx with the nchan module; and nginx's configuration, from bench/nchan/nginx.conf.template.
 */
public final class PeerSetup {

    static final Path NCHAN_MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
    static final String INSTALL_NGINX = "apt-get install -y nginx-light libnginx-mod-nchan";

    private PeerSetup() {
    }

    /** Why nginx + nchan cannot run here, in one line naming what to install; null when it can. */
    public static String missing() {
        String node = missingNode();
        if (node != null) {
            return node;
        }
        if (nginx() == null) {
            return "nginx is not installed: " + INSTALL_NGINX + " (nginx 1.22 with nchan 1.3)";
        }
        if (!Files.isRegularFile(NCHAN_MODULE)) {
            return "the nchan module (" + NCHAN_MODULE + ") is not installed: " + INSTALL_NGINX;
        }
        return null;
    }

    /** Why the Node.js peer and the bridge cannot run here, in one line; null when they can. */
    public static String missingNode() {
        if (!runs("node", "--version")) {
            return "Node.js is not installed: install Node.js 18 or newer with npm (Debian: apt-get install -y nodejs npm)";
        }
        return null;
    }

    /** nginx's executable, or null. */
    static String nginx() {
        for (String candidate : new String[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return runs("nginx", "-v") ? "nginx" : null;
    }

    /**
     * Writes the template with the port, the scratch directory (pid, logs, temp files) and, when started as root, the
     * workers' user (nobody) filled in; answers the configuration file.
     */
    static Path writeConfig(Path template, Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        String config = Files.readString(template).replace("@PORT@", String.valueOf(port))
                .replace("@DIR@", dir.toAbsolutePath().toString())
                .replace("@USER@", root ? "user nobody nogroup;" : "# (not started as root: the workers run as its user)");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        return file;
    }

    /** Runs 'npm ci' in {@code dir} (bench/peer) when its node_modules is missing. */
    public static void ensureNodeModules(Path dir, PrintStream out) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return;
        }
        String node = missingNode();
        if (node != null) {
            throw new IllegalStateException(node);
        }
        if (!runs("npm", "--version")) {
            throw new IllegalStateException("npm is not installed: install Node.js 18 or newer with npm");
        }
        out.println("Installing the peer's packages: npm ci in " + dir.toAbsolutePath());
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "onstage-fanout-npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci in " + dir + " took more than 5 minutes: see " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed: see " + log);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
