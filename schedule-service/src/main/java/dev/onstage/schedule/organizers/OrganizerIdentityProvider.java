package dev.onstage.schedule.organizers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Checks HTTP Basic credentials against the configured {@link Accounts}. */
@ApplicationScoped
public class OrganizerIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ROLE = "organizer";

    private static final Logger LOG = Logger.getLogger(OrganizerIdentityProvider.class);

    private final Map<String, Accounts.Account> accounts = new HashMap<>();

    @Inject
    OrganizerIdentityProvider(Accounts configured) {
        accounts.putAll(configured.accounts());
        configured.adminPassword().filter(p -> !p.isBlank())
                .ifPresent(password -> accounts.put(configured.adminUser(), new Accounts.Account() {
                    @Override
                    public String password() {
                        return password;
                    }

                    @Override
                    public List<String> roles() {
                        return List.of(ROLE);
                    }
                }));
    }

    /** The shortest organizer password accepted at start (issue 15, item 9). */
    public static final int MIN_PASSWORD_LENGTH = 12;

    void warnWithoutAccounts(@Observes StartupEvent start) {
        checkPasswords(accounts);
        if (accounts.isEmpty()) {
            LOG.warn("No ONSTAGE_ADMIN_PASSWORD is set: organizer actions (imports, moves, cancellations) are refused.");
        }
    }

    /**
     * Refuses to start with an organizer password shorter than {@value #MIN_PASSWORD_LENGTH} characters: HTTP Basic
     * is open to guessing, slowed only per address (LoginBackoff). The password {@code ./onstage} generates has 20.
     */
    static void checkPasswords(Map<String, Accounts.Account> accounts) {
        accounts.forEach((user, account) -> {
            if (account.roles().contains(ROLE) && account.password().length() < MIN_PASSWORD_LENGTH) {
                throw new IllegalStateException("The organizer password of '" + user + "' has "
                        + account.password().length() + " characters; at least " + MIN_PASSWORD_LENGTH
                        + " are needed (ONSTAGE_ADMIN_PASSWORD, or leave it unset for ./onstage to generate one).");
            }
        });
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        Set<String> roles = roles(request.getUsername(), new String(request.getPassword().getPassword()));
        if (roles == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("wrong user name or password"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                .addRoles(roles)
                .build());
    }

    /**
     * The roles of the account, or null when the user name or the password is wrong. Also used by
     * {@code BodyGate}, which checks the credentials before a body is read.
     */
    public Set<String> roles(String user, String password) {
        Accounts.Account account = accounts.get(user);
        // Compare in constant time so that response times do not reveal how much of a guess was right.
        if (account == null || !MessageDigest.isEqual(bytes(password), bytes(account.password()))) {
            return null;
        }
        return Set.copyOf(account.roles());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
